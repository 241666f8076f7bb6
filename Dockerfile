# ClickPredict: the API (the image's entry point) and the CLI (`clickpredict …`) in one image.
# Build:  docker build -t clickpredict .
# Run:    docker run -p 8080:8080 -v "$PWD/models:/app/models" -v "$PWD/data:/app/data" clickpredict

# The SDK runs on the builder's own platform and publishes for the target's (docker buildx sets TARGETARCH).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
# Restore in a layer of its own: it changes only when a project file or a package version does.
COPY src/ClickPredict/ClickPredict.csproj src/ClickPredict/
COPY src/ClickPredict.Mlflow/ClickPredict.Mlflow.csproj src/ClickPredict.Mlflow/
COPY src/ClickPredict.Api/ClickPredict.Api.csproj src/ClickPredict.Api/
COPY src/ClickPredict.Cli/ClickPredict.Cli.csproj src/ClickPredict.Cli/
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
 && dotnet restore src/ClickPredict.Cli/ClickPredict.Cli.csproj -r "$rid"

COPY src/ src/
# openapi.json is committed; the image build does not regenerate it (that would run the app for the target platform).
RUN rid="linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" \
 && dotnet publish src/ClickPredict.Api/ClickPredict.Api.csproj -c Release -r "$rid" --no-restore -p:OpenApiGenerateDocumentsOnBuild=false -o /out/api \
 && dotnet publish src/ClickPredict.Cli/ClickPredict.Cli.csproj -c Release -r "$rid" --no-restore -p:OpenApiGenerateDocumentsOnBuild=false -o /out/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# libgomp1: LightGBM's OpenMP runtime. curl: the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/api /app/api
COPY --from=build /out/cli /app/cli
COPY deploy/clickpredict /usr/local/bin/clickpredict
COPY deploy/train.sh /app/train.sh
COPY data/samples /app/data/samples
COPY data/mappings /app/data/mappings
RUN mkdir -p /app/models /app/data/lake /app/data/predictions \
 && chown -R app:app /app/models /app/data \
 && chmod +x /usr/local/bin/clickpredict /app/train.sh
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Serving__ModelsFolder=/app/models \
    Serving__LakeFolder=/app/data/lake \
    PredictionLog__Folder=/app/data/predictions
# The image's own non-root user (uid 1654), never root.
USER app
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "/app/api/ClickPredict.Api.dll"]
