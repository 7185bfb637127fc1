#!/usr/bin/env bash
# The embedding package as a consumer gets it: packs Appraisal.Policy and Appraisal.Engine into a temporary folder
# feed under a version of its own (so no cached package of the same version can stand in), builds and runs
# tests/Appraisal.Embedding.Sample against it by package id and version (its nuget.config: APPRAISAL_FEED, then
# nuget.org; its own packages folder), and checks what it prints against the policy's reviewed snapshots: the
# outputs of the tests "恰好 91 分：在合格线上" (typed facts) and "满分员工" (JSON facts) of
# policies/after-sales/售后客服考核.policy, its explanation, the path of a bad fact, and a broken policy's diagnostics.
# Ends with one line "embedding: passed (N s)" or "embedding: failed: …"; exit code 0 or 1.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S).$$"
sample=tests/Appraisal.Embedding.Sample
snapshots=policies/after-sales/snapshots

fail() {
  echo "embedding: failed: $1 ($(($(date +%s) - started)) s)"
  exit 1
}

# PackageVersion only: the assemblies keep their version, so an earlier Release build is reused.
dotnet pack src/Appraisal.Engine -c Release -o "$work/feed" -p:PackageVersion="$version" --nologo -v q >"$work/pack.log" 2>&1 ||
  { cat "$work/pack.log"; fail "dotnet pack src/Appraisal.Engine"; }
dotnet pack src/Appraisal.Policy -c Release -o "$work/feed" -p:PackageVersion="$version" --nologo -v q >>"$work/pack.log" 2>&1 ||
  { cat "$work/pack.log"; fail "dotnet pack src/Appraisal.Policy"; }
for id in Appraisal.Engine Appraisal.Policy; do
  [ -f "$work/feed/$id.$version.nupkg" ] || fail "no package $id.$version.nupkg"
done

APPRAISAL_FEED="$work/feed" dotnet run --project "$sample" -p:AppraisalVersion="$version" -- policies >"$work/sample.out" 2>&1
status=$?
cat "$work/sample.out"
[ "$status" -eq 0 ] || fail "the sample exited with $status"
grep -q "Appraisal.Engine/$version" "$sample/obj/project.assets.json" || fail "the sample did not restore Appraisal.Engine $version"

# The outputs the policy's own tests expect, as their reviewed snapshots print them ("得分 = 91 分").
expect_outputs() { # snapshot, prefix
  local lines
  lines=$(sed -n '/^输出：$/,/^说明：$/p' "$1" | sed '1d;$d' | sed 's/^  //')
  [ -n "$lines" ] || fail "no outputs in $1"
  while IFS= read -r line; do
    grep -qxF "$2$line" "$work/sample.out" || fail "expected \"$2$line\" (from $1)"
  done <<<"$lines"
}
expect_outputs "$snapshots/售后客服考核.恰好_91_分：在合格线上.approved.txt" ""
expect_outputs "$snapshots/售后客服考核.满分员工.approved.txt" "json: "
grep -qF '退款率分(6%) 第 2 行「<= 8%  => 20」→ 20 分' "$work/sample.out" || fail "no explanation of the refund-rate row"
grep -qxF '$.投诉[1].处理: expected one of 已处理, 未处理, found "处理了"' "$work/sample.out" || fail "no error at \$.投诉[1].处理"

grep -q '^坏策略.policy(3,28): error PL' "$work/sample.out" || fail "no located diagnostic for the broken policy"
grep -qxF 'ready: False; evaluating it: PolicyNotReady' "$work/sample.out" || fail "the broken policy did not refuse to evaluate"

echo "embedding: passed ($(($(date +%s) - started)) s)"
