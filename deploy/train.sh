#!/bin/sh
# The trainer service: one pass of the pipeline on /app/data, logged to MLflow when MLFLOW_TRACKING_URI
# is set. With CLICKPREDICT_INPUT pointing at an export (file or folder) it ingests that with
# CLICKPREDICT_SOURCE (a preset or a mapping file); otherwise it generates CLICKPREDICT_EVENTS events.
set -eu
lake=/app/data/lake
if [ -n "${CLICKPREDICT_INPUT:-}" ]; then
  clickpredict ingest --source "${CLICKPREDICT_SOURCE:-canonical}" --input "$CLICKPREDICT_INPUT" --lake "$lake"
else
  clickpredict generate --events "${CLICKPREDICT_EVENTS:-1000000}" --seed "${CLICKPREDICT_SEED:-42}" --out /app/data/generated
  clickpredict ingest --source canonical --input /app/data/generated --lake "$lake"
fi
clickpredict sessionize --lake "$lake"
clickpredict features --lake "$lake"
clickpredict train --lake "$lake" --models /app/models
