# The appraisal service in a container. Build stage: the .NET SDK runs .ci/publish.sh — the script CI runs — which
# publishes a self-contained linux-x64 service and smoke-runs it (one Evaluate of the README's example over REST).
# Runtime stage: runtime-deps only (no .NET installed: the publish carries its runtime), a non-root user, the policies.
#
#   docker build -t appraisal .
#   docker run -p 5080:5080 -p 5081:5081 -e Security__Token=CHANGE-ME -v appraisal-data:/data appraisal
#
# Several instances on one PostgreSQL ledger, serving what is published in its registry (README, "Running in a
# container"): -e Policies__Source=registry -e Ledger__Provider=postgres -e Ledger__ConnectionString='Host=…'.
# Kept honest by tests/Appraisal.Service.Tests/DockerfileTests.cs (what it copies and runs exists, its ports and paths
# are the service's); the image itself is not built in CI (no container engine there).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The parser is generated at build time by antlr-ng (npm, pinned in grammar/package-lock.json): node is needed; curl
# and python3 for the smoke run of .ci/publish.sh.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm curl python3 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY grammar/ grammar/
COPY src/ src/
COPY policies/ policies/
COPY .ci/publish.sh .ci/publish.sh
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUN .ci/publish.sh /out

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime
# curl for the HEALTHCHECK only.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data \
 && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /out/ /app/
COPY policies/ /app/policies/
# Listen on every interface (which needs a bearer token: Security__Token, or Security__Tokens__0…; the service refuses
# to start without one off loopback), the ledger and the compile cache in the volume, the policies from the image
# (Policies__Source=directory; a directory mounted over /app/policies is watched and hot-reloaded). Registry mode:
# Policies__Source=registry with Ledger__Provider=postgres and Ledger__ConnectionString (from a secret, not here).
ENV Service__Address=0.0.0.0 \
    Service__Port=5080 \
    Service__RestPort=5081 \
    Policies__Directory=/app/policies \
    Policies__Source=directory \
    Ledger__Provider=sqlite \
    Ledger__DataDirectory=/data \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 5080 5081
VOLUME /data
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 CMD curl -sf http://127.0.0.1:5081/healthz || exit 1
ENTRYPOINT ["/app/Appraisal.Service"]
