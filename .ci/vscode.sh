#!/usr/bin/env bash
# The VS Code extension as users install it: npm ci from src/vscode/package-lock.json, the client bundled by esbuild,
# the .vsix packaged by @vscode/vsce, then its contents checked (the manifest, the bundle, the grammar, the language
# configuration inside; nothing from node_modules, src or test). Prints "vscode: passed" or fails. About 15 s.
set -euo pipefail
# The output directory as given (relative to where the script was called from), made before leaving it.
out=${1:-"$(dirname "$0")/out"}
mkdir -p "$out"
vsix="$(cd "$out" && pwd)/appraisal-policy.vsix"
cd "$(dirname "$0")/../src/vscode"
start=$SECONDS

npm ci --no-audit --no-fund >/dev/null
npm run --silent bundle
npx --no-install vsce package --no-dependencies -o "$vsix" >/dev/null

contents=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$vsix")
for want in extension/package.json extension/dist/extension.js extension/syntaxes/policy.tmLanguage.json \
  extension/language-configuration.json extension.vsixmanifest; do
  grep -qx "$want" <<<"$contents" || { echo "vscode: $want is missing from $vsix" >&2; exit 1; }
done
if grep -E '^extension/(node_modules|src|test)/' <<<"$contents"; then
  echo "vscode: the .vsix ships development files (above)" >&2
  exit 1
fi
grep -q '"name": *"appraisal-policy"' <(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("extension/package.json").decode())' "$vsix")
echo "vscode: passed ($(wc -c <"$vsix") bytes, $((SECONDS - start)) s): $vsix"
