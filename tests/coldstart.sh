#!/usr/bin/env bash
# Cold start of `policy check policies/after-sales` (one policy) in a fresh process, per way of building the CLI:
# publishes each configuration into DIR (default: a temporary folder; kept and reused when given), then runs every
# configuration RUNS times (default 10), round robin so that a change in the machine's load touches all alike, and
# prints a Markdown table: median wall ms, ratio to the framework-dependent dll measured in the same run.
# Wall time is `date +%s%N` around each process. Usage: tests/coldstart.sh [RUNS] [DIR]   (BENCHMARKS.md, "Cold start")
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
dir=${2:-}
if [ -z "$dir" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
log="$dir/publish.log"
publish() { # name, extra properties...
  local name=$1
  shift
  [ -x "$dir/$name/policy" ] && return 0
  echo "publishing $name ..." >&2
  dotnet publish src/Appraisal.Cli -c Release -o "$dir/$name" --nologo "$@" >>"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
}
dotnet build src/Appraisal.Cli -c Release --nologo -v q >>"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
publish r2r -r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true
publish r2r-composite -r linux-x64 --self-contained true -p:PublishAot=false -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true
publish aot -r linux-x64 -p:PublishAot=true

bin=src/Appraisal.Cli/bin/Release/net10.0
target=policies/after-sales
names=() commands=()
add() { names+=("$1"); commands+=("$2"); }
add "framework-dependent dll: \`dotnet policy.dll\` (baseline)" "dotnet $bin/policy.dll check $target"
add "apphost: \`bin/Release/net10.0/policy\`" "$bin/policy check $target"
add "apphost, DOTNET_TieredPGO=0" "env DOTNET_TieredPGO=0 $bin/policy check $target"
add "apphost, DOTNET_TieredCompilation=0" "env DOTNET_TieredCompilation=0 $bin/policy check $target"
add "apphost, DOTNET_TC_QuickJitForLoops=0" "env DOTNET_TC_QuickJitForLoops=0 $bin/policy check $target"
add "ReadyToRun (framework-dependent, linux-x64)" "$dir/r2r/policy check $target"
add "ReadyToRun, DOTNET_TieredPGO=0" "env DOTNET_TieredPGO=0 $dir/r2r/policy check $target"
add "ReadyToRun composite, self-contained" "$dir/r2r-composite/policy check $target"
add "Native AOT (the installed tool)" "$dir/aot/policy check $target"
add "for scale: \`dotnet policy.dll --version\`" "dotnet $bin/policy.dll --version"
add "for scale: Native AOT \`--version\`" "$dir/aot/policy --version"

count=${#names[@]}
declare -A times
for ((r = 0; r < runs; r++)); do
  for ((i = 0; i < count; i++)); do
    start=$(date +%s%N)
    ${commands[$i]} >/dev/null 2>"$dir/stderr" || { echo "failed: ${commands[$i]}" >&2; cat "$dir/stderr" >&2; exit 1; }
    end=$(date +%s%N)
    times[$i]+="$(((end - start) / 1000000)) "
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
base=$(median "${times[0]}")
echo "| configuration | median wall ms | ratio to the dll | runs (ms) |"
echo "| --- | ---: | ---: | --- |"
for ((i = 0; i < count; i++)); do
  m=$(median "${times[$i]}")
  ratio=$(awk -v m="$m" -v b="$base" 'BEGIN {printf "%.2f", m / b}')
  echo "| ${names[$i]} | $m | $ratio | ${times[$i]% } |"
done
echo
echo "$runs runs each, $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
