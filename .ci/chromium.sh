#!/usr/bin/env bash
# Debian's headless-capable Chromium for the browser tests (statements).
#   .ci/chromium.sh        prints the browser's path (/usr/bin/chromium), installing the Debian package `chromium`
#                          with apt when it is missing and this process is root (or may sudo without a password).
# Test assemblies and .ci/run may call it at the same time: one install at a time (flock), so apt's lock never races.
set -euo pipefail

browser=/usr/bin/chromium

if [ ! -x "$browser" ]; then
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/appraisal-chromium-install.lock"
    flock 9
  fi
  if [ ! -x "$browser" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      run=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      run=(sudo -n)
    else
      echo "chromium.sh: $browser is missing and this process can neither run apt as root nor sudo; install the Debian package chromium (apt-get install -y chromium)" >&2
      exit 1
    fi
    echo "chromium.sh: $browser not found; installing the Debian package chromium" >&2
    "${run[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq --no-install-recommends chromium >&2
  fi
fi
[ -x "$browser" ] || { echo "chromium.sh: $browser is still missing after installing chromium" >&2; exit 1; }
echo "$browser"
