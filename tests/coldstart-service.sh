#!/usr/bin/env bash
# The service's cold start: wall time from starting the process to the first successful answer of a REST Evaluate
# (POST /v1/policies/after-sales/售后客服考核:evaluate, the facts of the policy's test "恰好 91 分：在合格线上"), per way of
# starting it; RUNS runs each (default 5), round robin; a Markdown table of medians. Each run has its own free
# loopback ports and an empty ledger folder; the answer is checked (得分 91). Usage: tests/coldstart-service.sh [RUNS] [DIR]
# (BENCHMARKS.md, "Cold start").
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dir=${2:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
log="$dir/publish.log"
dotnet build src/Appraisal.Service -c Release --nologo -v q >>"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
[ -f "$dir/svc-r2r/Appraisal.Service.dll" ] ||
  dotnet publish src/Appraisal.Service -c Release -r linux-x64 --self-contained false -o "$dir/svc-r2r" --nologo >>"$log" 2>&1 ||
  { tail -n 30 "$log" >&2; exit 1; }

policies=${COLDSTART_POLICIES:-$PWD/policies} # COLDSTART_POLICIES: another policy folder (it must hold after-sales/售后客服考核.policy)
body='{"factsJson":"{\"岗位\":\"普通售后客服\",\"素质\":\"良\",\"退款率\":\"6%\",\"纠纷处理\":\"良\",\"配合度\":\"良\",\"执行力\":\"中\",\"迟到\":1,\"客户表扬\":3,\"低质评价\":1}","period":"2026-03"}'
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
names=() commands=()
add() { names+=("$1"); commands+=("$2"); }
add "\`dotnet run --project src/Appraisal.Service\` (built)" "dotnet run --no-build -c Release --project src/Appraisal.Service --"
add "framework-dependent dll: \`dotnet Appraisal.Service.dll\` (baseline)" "dotnet src/Appraisal.Service/bin/Release/net10.0/Appraisal.Service.dll"
add "ReadyToRun (framework-dependent, linux-x64)" "dotnet $dir/svc-r2r/Appraisal.Service.dll"
add "ReadyToRun, DOTNET_TieredPGO=0" "env DOTNET_TieredPGO=0 dotnet $dir/svc-r2r/Appraisal.Service.dll"

one() { # command -> ms to the first answer
  local grpc rest data pid start end answer
  grpc=$(free_port)
  rest=$(free_port)
  data=$(mktemp -d "$dir/ledger.XXXX")
  start=$(date +%s%N)
  $1 --Policies:Directory "$policies" --Service:Port "$grpc" --Service:RestPort "$rest" --Ledger:DataDirectory "$data" \
    >"$dir/service.log" 2>&1 &
  pid=$!
  answer=""
  for ((t = 0; t < 3000; t++)); do
    if answer=$(curl -sf --max-time 5 -H 'content-type: application/json' -d "$body" \
      "http://127.0.0.1:$rest/v1/policies/after-sales/%E5%94%AE%E5%90%8E%E5%AE%A2%E6%9C%8D%E8%80%83%E6%A0%B8:evaluate" 2>/dev/null); then
      break
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$dir/service.log" >&2; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  grep -q '"得分"' <<<"$answer" && grep -q '"91"' <<<"$answer" || { echo "unexpected answer: $answer" >&2; exit 1; }
  echo $(((end - start) / 1000000))
}
count=${#names[@]}
declare -A times
for ((r = 0; r < runs; r++)); do
  for ((i = 0; i < count; i++)); do times[$i]+="$(one "${commands[$i]}") "; done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
base=$(median "${times[1]}")
echo "| configuration | median ms to the first answer | ratio to the dll | runs (ms) |"
echo "| --- | ---: | ---: | --- |"
for ((i = 0; i < count; i++)); do
  m=$(median "${times[$i]}")
  echo "| ${names[$i]} | $m | $(awk -v m="$m" -v b="$base" 'BEGIN {printf "%.2f", m / b}') | ${times[$i]% } |"
done
echo
echo "$runs runs each, $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
