#!/usr/bin/env bash
# The docker-compose stack's processes, natively, for machines without a Docker engine (such as the
# one ClickPredict is built on): an MLflow server if `mlflow` is installed (pip install mlflow), the
# trainer's pipeline logging to it, the API, and Prometheus if `prometheus` is installed (Debian
# package). Ctrl+C stops everything it started.
#   deploy/stack-native.sh                       # generated data (CLICKPREDICT_EVENTS, default 1,000,000)
#   CLICKPREDICT_INPUT=export.csv CLICKPREDICT_SOURCE=rees46 deploy/stack-native.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work=${CLICKPREDICT_STACK_DIR:-data/stack}
port=${CLICKPREDICT_PORT:-8080}
mkdir -p "$work"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM

wait_for() { for _ in $(seq 1 60); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 1; done; echo "$1 did not come up" >&2; return 1; }

if command -v mlflow >/dev/null; then
  mkdir -p "$work/mlflow"
  mlflow server --host 127.0.0.1 --port "${MLFLOW_PORT:-5000}" \
    --backend-store-uri "sqlite:///$PWD/$work/mlflow/mlflow.db" \
    --artifacts-destination "$PWD/$work/mlflow/artifacts" --serve-artifacts > "$work/mlflow.log" 2>&1 &
  pids+=($!)
  export MLFLOW_TRACKING_URI="http://127.0.0.1:${MLFLOW_PORT:-5000}"
  wait_for "$MLFLOW_TRACKING_URI/health"
  echo "MLflow: $MLFLOW_TRACKING_URI"
else
  echo "mlflow is not installed: training will not be logged (set MLFLOW_TRACKING_URI to use an existing server)."
fi

lake="$work/lake"
models="$work/models"
if [ -n "${CLICKPREDICT_INPUT:-}" ]; then
  ./clickpredict ingest --source "${CLICKPREDICT_SOURCE:-canonical}" --input "$CLICKPREDICT_INPUT" --lake "$lake"
else
  ./clickpredict generate --events "${CLICKPREDICT_EVENTS:-1000000}" --seed 42 --out "$work/generated"
  ./clickpredict ingest --source canonical --input "$work/generated" --lake "$lake"
fi
./clickpredict sessionize --lake "$lake"
./clickpredict features --lake "$lake"
./clickpredict train --lake "$lake" --models "$models"

./clickpredict serve --lake "$lake" --models "$models" --port "$port" > "$work/api.log" 2>&1 &
pids+=($!)
wait_for "http://localhost:$port/health/ready"
echo "API: http://localhost:$port/swagger   dashboard: http://localhost:$port/dashboard"

if command -v prometheus >/dev/null; then
  sed "s/api:8080/localhost:$port/" deploy/prometheus.yml > "$work/prometheus.yml"
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
    --web.listen-address="127.0.0.1:${PROMETHEUS_PORT:-9090}" > "$work/prometheus.log" 2>&1 &
  pids+=($!)
  echo "Prometheus: http://127.0.0.1:${PROMETHEUS_PORT:-9090} (scraping the API)"
fi
wait
