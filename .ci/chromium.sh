#!/usr/bin/env bash
# Debian's headless-capable Chromium for the browser tests (statements).
#   .ci/chromium.sh        prints the browser's path (/usr/bin/chromium), installing the Debian package `chromium`
#                          with apt when it is missing and this process is root (or may sudo without a password);
#                          also a Chinese font (fonts-wqy-microhei) when none is installed, so that screenshots of
#                          Chinese statements show their text (the DOM checks do not need it).
# Test assemblies and .ci/run may call it at the same time: one install at a time (flock), so apt's lock never races.
set -euo pipefail

browser=/usr/bin/chromium

has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; }

if [ ! -x "$browser" ] || ! has_cjk_font; then
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/appraisal-chromium-install.lock"
    flock 9
  fi
  packages=()
  [ -x "$browser" ] || packages+=(chromium)
  has_cjk_font || packages+=(fonts-wqy-microhei)
  if [ "${#packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      run=()
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      run=(sudo -n)
    elif [ ! -x "$browser" ]; then
      echo "chromium.sh: $browser is missing and this process can neither run apt as root nor sudo; install the Debian package chromium (apt-get install -y chromium)" >&2
      exit 1
    else
      echo "chromium.sh: no Chinese font installed (fonts-wqy-microhei) and no root to install one: screenshots will show boxes for Chinese text" >&2
      packages=()
    fi
    if [ "${#packages[@]}" -gt 0 ]; then
      echo "chromium.sh: installing ${packages[*]}" >&2
      "${run[@]}" apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
    fi
  fi
fi
[ -x "$browser" ] || { echo "chromium.sh: $browser is still missing after installing chromium" >&2; exit 1; }
echo "$browser"
