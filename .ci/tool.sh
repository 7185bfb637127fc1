#!/usr/bin/env bash
# The `policy` tool as a user gets it: packs src/Appraisal.Cli once (`dotnet pack`: the package Appraisal.Cli and the
# Native AOT package it points to, Appraisal.Cli.linux-x64) into a temporary feed under a version of its own, installs
# it with `dotnet tool install --tool-path` from that feed alone (a nuget.config that clears every other source, and
# an empty packages folder: nothing may come from the network or a cache), then runs the installed `policy`:
# --version, check of policies/after-sales, usage and error exit codes, and a set of commands whose output and exit
# code must be the JIT build's (`dotnet policy.dll` from the same pack), byte for byte.
# TAP lines, then "# pass N" and "# fail N" (read by .ci/run). About 3 to 6 minutes, nearly all of it the AOT compile.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version="0.1.0-tool.$(date -u +%Y%m%d%H%M%S).$$"
passed=0
failed=0
n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ $# -lt 2 ] || sed 's/^/#   /' <<<"$2"; }
finish() {
  echo "1..$n"
  echo "# pass $passed"
  echo "# fail $failed"
  echo "# tool: $(($(date +%s) - started)) s"
  exit $((failed > 0 ? 1 : 0))
}

# 1. Pack once. The package's version is new, so no cached package of the same version can stand in.
if dotnet pack src/Appraisal.Cli -c Release -o "$work/feed" -p:PackageVersion="$version" --nologo >"$work/pack.log" 2>&1 &&
  [ -f "$work/feed/Appraisal.Cli.$version.nupkg" ] && [ -f "$work/feed/Appraisal.Cli.linux-x64.$version.nupkg" ]; then
  ok "dotnet pack made Appraisal.Cli.$version.nupkg and Appraisal.Cli.linux-x64.$version.nupkg"
else
  not_ok "dotnet pack src/Appraisal.Cli" "$(tail -n 30 "$work/pack.log"; ls -la "$work/feed" 2>&1)"
  finish
fi

# 2. Install from the feed alone, into a packages folder of its own.
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="feed" value="$work/feed" />
  </packageSources>
</configuration>
XML
if NUGET_PACKAGES="$work/packages" dotnet tool install Appraisal.Cli --version "$version" --tool-path "$work/tools" \
  --configfile "$work/nuget.config" >"$work/install.log" 2>&1 && [ -x "$work/tools/policy" ]; then
  ok "dotnet tool install --tool-path from the feed alone"
else
  not_ok "dotnet tool install" "$(cat "$work/install.log")"
  finish
fi
listed=$(dotnet tool list --tool-path "$work/tools" 2>&1)
if grep -qiE "^appraisal\.cli +$version +policy" <<<"$listed"; then ok "dotnet tool list shows appraisal.cli $version, command policy"; else not_ok "dotnet tool list" "$listed"; fi

policy="$work/tools/policy"
jit=(dotnet "$repo/src/Appraisal.Cli/bin/Release/net10.0/policy.dll")

# The native tool carries no compiler: Native AOT cannot load generated code, so TieredEvaluator stays on the tree
# evaluator behind RuntimeFeature.IsDynamicCodeSupported (a constant there) and the trimmer drops Roslyn with the
# branch. Checked by name in the installed binary: our tier's type is there, Roslyn's compiler types are not.
native=$(find "$work/tools/.store" -type f -name policy -size +10M 2>/dev/null | head -n 1)
if [ -n "$native" ] && grep -qa "TieredEvaluator" "$native" && ! grep -qaE "CSharpCompilation|RoslynEmitter" "$native"; then
  ok "the native policy ($(( $(stat -c %s "$native") / 1048576 )) MB) has no Roslyn in it"
else
  not_ok "the native policy has no Roslyn in it" "binary: ${native:-not found under $work/tools/.store}"
fi

# 3. What the brief of the tool says it does.
expect() { # name, expected exit code, expected stdout (exact; "" for none), command...
  local name=$1 code=$2 want=$3
  shift 3
  local out status
  out=$("$@" 2>"$work/stderr")
  status=$?
  if [ "$status" -eq "$code" ] && { [ -z "$want" ] || [ "$out" = "$want" ]; }; then
    ok "$name"
  else
    not_ok "$name" "exit $status (expected $code)"$'\n'"--- stdout ---"$'\n'"$out"$'\n'"--- stderr ---"$'\n'"$(cat "$work/stderr")"
  fi
}
commit=$(git rev-parse HEAD 2>/dev/null)
expect "policy --version prints 0.1.0+$commit" 0 "0.1.0+$commit" "$policy" --version
expect "policy check policies/after-sales: no errors in its 1 file, exit 0" 0 "0 error(s), 0 warning(s) in 1 file(s)" "$policy" check policies/after-sales
mkdir -p "$work/bad"
printf 'policy 坏\n\ninput { 迟到: count = 0 }\noutput 扣分: points =\n' >"$work/bad/坏.policy"
expect "policy check of a syntax error: exit 1" 1 "" "$policy" check "$work/bad/坏.policy"
if grep -qF "$work/bad/坏.policy(4,20): error PL0009: expected an expression" <<<"$("$policy" check "$work/bad/坏.policy")"; then
  ok "the syntax error is located: 坏.policy(4,20): error PL0009"
else
  not_ok "the syntax error is located" "$("$policy" check "$work/bad/坏.policy" 2>&1)"
fi
expect "policy check of a missing path: exit 2" 2 "" "$policy" check "$work/no-such-dir"
expect "policy with an unknown command: exit 2" 2 "" "$policy" no-such-command
if grep -qF "policy: 'chek': did you mean check?" <<<"$("$policy" chek policies 2>&1)"; then
  ok "a misspelt command is answered with System.CommandLine's suggestion: did you mean check?"
else
  not_ok "a misspelt command suggests the command meant" "$("$policy" chek policies 2>&1)"
fi

# 4. The AOT tool prints what the JIT build prints (stdout and exit code), command by command.
cat >"$work/facts.json" <<'JSON'
{ "岗位": "普通售后客服", "素质": "良", "退款率": "6%", "纠纷处理": "良", "配合度": "良", "执行力": "中", "迟到": 1, "客户表扬": 3, "低质评价": 1 }
JSON
{
  echo '{ "岗位": "高级售后客服", "素质": "优", "退款率": "3%", "纠纷处理": "优", "配合度": "优", "执行力": "优" }'
  echo '{ "岗位": "普通售后客服", "素质": "差", "退款率": "9.5%", "纠纷处理": "中", "配合度": "良", "执行力": "良", "投诉扣分": [5, 20], "表现突出": 3 }'
  echo '{ "岗位": "售后组长", "素质": "良", "退款率": "12%" }'
} >"$work/batch.ndjson"
p=policies/after-sales/售后客服考核.policy
mkdir -p "$work/fmt"
sed 's/^  item /    item /' "$p" >"$work/fmt/unformatted.policy" # indentation fmt puts back
same() { # name, args... (the ledger files differ per build: {L} is replaced by a path of each one's own)
  local name=$1
  shift
  local a=() b=()
  for arg in "$@"; do a+=("${arg//\{L\}/$work/aot.db}"); b+=("${arg//\{L\}/$work/jit.db}"); done
  local out_aot out_jit s_aot s_jit
  out_aot=$("$policy" "${a[@]}" 2>"$work/stderr.aot")
  s_aot=$?
  out_jit=$("${jit[@]}" "${b[@]}" 2>"$work/stderr.jit")
  s_jit=$?
  # Recording times and test durations differ between the two runs: masked, with the ledger's path.
  local mask='s/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/TIME/g; s/, [0-9]+\.[0-9] ms\)/, N ms)/g; s/"durationMs": [0-9.]+/"durationMs": N/g'
  out_aot=$(sed -E "$mask" <<<"${out_aot//$work\/aot.db/L}")
  out_jit=$(sed -E "$mask" <<<"${out_jit//$work\/jit.db/L}")
  if [ "$s_aot" -eq "$s_jit" ] && [ "$out_aot" = "$out_jit" ] && [ -n "$out_jit" ]; then
    ok "same as the JIT build (exit $s_jit): policy $name"
  else
    not_ok "same as the JIT build: policy $name" "exit $s_aot (JIT: $s_jit)"$'\n'"$(diff <(echo "$out_jit") <(echo "$out_aot") | head -n 20)"$'\n'"--- stderr ---"$'\n'"$(cat "$work/stderr.aot")"
  fi
}
same "check policies" check policies
same "check --format json --lang zh (a syntax error)" check --format json --lang zh "$work/bad/坏.policy"
same "test policies --coverage" test policies --coverage
same "fmt --check (a file it would change)" fmt --check policies/after-sales "$work/fmt"
same "eval --explain text" eval "$p" --facts "$work/facts.json" --period 2026-03 --explain text
same "eval --explain json --lang zh" eval "$p" --facts "$work/facts.json" --period 2026-03 --explain json --lang zh
same "eval --explain html" eval "$p" --facts "$work/facts.json" --period 2026-03 --explain html --subject E001
same "eval --batch" eval "$p" --facts "$work/batch.ndjson" --batch --period 2026-03
same "eval --record into a SQLite ledger" eval "$p" --facts "$work/facts.json" --period 2026-03 --ledger "{L}" --record --subject E001 --request-id R1
same "history --format text" history --ledger "{L}" --subject E001
same "replay --period" replay --ledger "{L}" --period 2026-03
same "test --format json --coverage --run (durations masked)" test policies --format json --coverage --run "满分|部门长"
same "test --threshold 90" test policies/after-sales --threshold 90
same "fmt --diff (a unified diff of a file it would change)" fmt --diff "$work/fmt"
same "check --strict" check --strict policies
same "eval --facts inline JSON" eval "$p" --facts '{ "岗位": "售后组长", "素质": "良", "退款率": "12%", "纠纷处理": "良", "配合度": "良", "执行力": "良" }' --period 2026-03
finish
