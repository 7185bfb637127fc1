#!/usr/bin/env bash
# The service as it is shipped: `dotnet publish` of src/Appraisal.Service for linux-x64, self-contained (no .NET on the
# target: the runtime-deps container image, or any glibc Linux), ReadyToRun, not trimmed, into OUTPUT_DIR; then the
# published binary is smoke-run: started on free loopback ports with a data directory of its own and the policies of
# policies/, /readyz waited for, one Evaluate over REST (the README's example, which must score 91), SIGTERM, and a
# clean exit. The Dockerfile's build stage runs this same script, so the image is built by the steps CI runs.
#
#   .ci/publish.sh OUTPUT_DIR [dotnet publish arguments…]   (extra arguments: e.g. -p:PublishReadyToRun=false, to measure)
#
# The publish takes the build lock (APPRAISAL_BUILD_LOCK, default /tmp/appraisal-build.lock). Ends with one line
# "publish: passed (N s, SIZE)" or "publish: failed: …"; exit code 0 or 1.
#
# Why not trimmed: the compiled tier hands Roslyn the running framework's assemblies as references (RoslynEmitter), so a
# trimmed framework would make generated code fail to compile at run time; gRPC, Newtonsoft.Json and Roslyn itself use
# reflection that the trimmer warns about. TrimMode=partial trims exactly those framework assemblies. Measured figures:
# README, "Running in a container".
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
[ $# -ge 1 ] || { echo "usage: .ci/publish.sh OUTPUT_DIR [dotnet publish arguments…]" >&2; exit 2; }
out=$1
shift
build_lock=${APPRAISAL_BUILD_LOCK:-/tmp/appraisal-build.lock}
ready_timeout=${PUBLISH_READY_TIMEOUT:-60}
work=$(mktemp -d)
service_pid=""

stop_service() {
  [ -n "$service_pid" ] || return 0
  kill -KILL "$service_pid" 2>/dev/null
  wait "$service_pid" 2>/dev/null
  service_pid=""
}
trap 'stop_service; rm -rf "$work"' EXIT

fail() {
  echo "publish: failed: $1 ($(($(date +%s) - started)) s)"
  if [ -s "$work/service.log" ]; then
    echo "# the service's last output:"
    tail -n 30 "$work/service.log" | sed 's/^/#   /'
  fi
  exit 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 20000))
}

command -v curl >/dev/null 2>&1 ||
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl; } >"$work/apt.log" 2>&1 ||
  fail "curl is missing and could not be installed"

# ---- publish -----------------------------------------------------------------------------------------------------------
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/Appraisal.Service.dll" ]; then
  fail "$out is not empty and holds no earlier publish: not replacing it"
fi
rm -rf "$out"
mkdir -p "$out"
if ! flock -w 900 "$build_lock" dotnet publish src/Appraisal.Service/Appraisal.Service.csproj -c Release -r linux-x64 --self-contained \
    -o "$out" --nologo -v q "$@" >"$work/publish.log" 2>&1 </dev/null; then
  tail -n 40 "$work/publish.log"
  fail "dotnet publish failed"
fi
published=$(($(date +%s) - started))
[ -x "$out/Appraisal.Service" ] || fail "no executable $out/Appraisal.Service"
[ -f "$out/libcoreclr.so" ] || fail "the publish is not self-contained (no libcoreclr.so in $out)"
[ -f "$out/Appraisal.Service.xml" ] || fail "the proto's documentation (Appraisal.Service.xml, the OpenAPI descriptions) is not published"
size=$(du -sh "$out" | cut -f1)

# ---- smoke run: the binary alone, with no dotnet on its PATH -----------------------------------------------------------
grpc_port=$(free_port)
rest_port=$(free_port)
while [ "$rest_port" = "$grpc_port" ]; do rest_port=$(free_port); done
mkdir -p "$work/data"
launched=$(date +%s%N)
# A clean environment (no DOTNET_ROOT, no SDK on PATH): the published runtime must be enough.
env -i PATH=/usr/bin:/bin HOME="$work" TMPDIR="$work" DOTNET_CLI_TELEMETRY_OPTOUT=1 \
  "$out/Appraisal.Service" --Service:Address 127.0.0.1 --Service:Port "$grpc_port" --Service:RestPort "$rest_port" \
    --Policies:Directory "$PWD/policies" --Ledger:DataDirectory "$work/data" >"$work/service.log" 2>&1 </dev/null &
service_pid=$!
ready=""
for _ in $(seq 1 $((ready_timeout * 10))); do
  kill -0 "$service_pid" 2>/dev/null || fail "the published service exited before it was ready"
  if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$rest_port/readyz"; then ready=1; break; fi
  sleep 0.1
done
[ -n "$ready" ] || fail "the published service was not ready within $ready_timeout s"
ready_ms=$((($(date +%s%N) - launched) / 1000000))

facts='{\"岗位\":\"普通售后客服\",\"素质\":\"良\",\"退款率\":\"6%\",\"纠纷处理\":\"良\",\"配合度\":\"良\",\"执行力\":\"中\",\"迟到\":1,\"客户表扬\":3,\"低质评价\":1}'
answer=$(curl -s --max-time 30 -X POST "http://127.0.0.1:$rest_port/v1/policies/after-sales/售后客服考核:evaluate" \
  -H 'content-type: application/json' -d "{\"factsJson\":\"$facts\",\"period\":\"2026-03\"}")
first_ms=$((($(date +%s%N) - launched) / 1000000))
grep -qF '{"name":"得分","value":"91","type":"points","missing":false}' <<<"$answer" ||
  fail "Evaluate did not score the README's example 91: $answer"
curl -sf -o /dev/null --max-time 5 "http://127.0.0.1:$rest_port/openapi/v1.json" || fail "/openapi/v1.json does not answer"

kill -TERM "$service_pid"
for _ in $(seq 1 100); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$service_pid" 2>/dev/null && fail "the published service did not stop within 10 s of SIGTERM"
wait "$service_pid"
code=$?
service_pid=""
[ "$code" -eq 0 ] || fail "the published service exited with $code after SIGTERM"

echo "publish: passed ($(($(date +%s) - started)) s: publish ${published} s; $size in $out; ready after ${ready_ms} ms, first answer after ${first_ms} ms)"
