#!/usr/bin/env bash
# System packages HQ Console needs on Debian/Ubuntu: Qt's runtime libraries (PySide6 wheels
# bring Qt itself), a CJK font so Chinese renders, and Xvfb for screenshots under a virtual
# screen. Idempotent; uses sudo when not run as root.
set -euo pipefail

packages=(
  libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6
  libdbus-1-3 libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
  fonts-noto-cjk xvfb
)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system.sh: no apt-get here; install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
