#!/usr/bin/env bash
# The README's test command: installs what the tests need (with apt-get, as
# root, on Debian/Ubuntu), says exactly what to install where it cannot, then
# runs `cargo test --locked` (extra arguments are passed on: scripts/test.sh
# --test ref). .ci/run calls this same script.
#
# The tests read the outputs back as a user would: poppler-utils (pdftotext,
# pdffonts, pdfinfo) and LibreOffice Calc (workbooks re-saved by LibreOffice);
# a C compiler builds libdeflate and mimalloc; Chromium and chromedriver drive
# the page (giao-dien). Under CI (CI=true) a missing
# tool fails the tests instead of skipping them.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "scripts/test.sh: cargo not found: install Rust (https://rustup.rs, or on Debian: apt-get install cargo)" >&2
  exit 2
fi

calc_installed() {
  local soffice
  soffice=$(command -v soffice || command -v libreoffice) || return 1
  [ -e "$(dirname "$(readlink -f "$soffice")")/libsclo.so" ] \
    || [ -e /usr/lib/libreoffice/program/libsclo.so ]
}

packages=()
why=()
want() {  # PACKAGE REASON: needed, not installed
  packages+=("$1")
  why+=("  $1: $2")
}
command -v cc >/dev/null 2>&1 || want gcc "a C compiler (libdeflate and mimalloc are built from source)"
for t in pdftotext pdffonts pdfinfo; do
  if ! command -v "$t" >/dev/null 2>&1; then
    want poppler-utils "pdftotext, pdffonts, pdfinfo (the tests read the PDFs back)"
    break
  fi
done
calc_installed || want libreoffice-calc-nogui "LibreOffice Calc (workbooks re-saved by LibreOffice)"
# The page (giao-dien) in headless Chromium over WebDriver (tests/web_browser.rs);
# `script` gives tests/web_server.rs a terminal.
[ -x /usr/bin/chromium ] || want chromium "Chromium (the page tested in a real browser)"
[ -x /usr/bin/chromedriver ] || want chromium-driver "chromedriver (WebDriver for Chromium)"
command -v script >/dev/null 2>&1 || want bsdutils "script (a terminal for a test)"

if [ ${#packages[@]} -gt 0 ]; then
  echo "scripts/test.sh: the tests need:" >&2
  printf '%s\n' "${why[@]}" >&2
  apt=(apt-get -o DPkg::Lock::Timeout=900)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    "${apt[@]}" update -qq
    "${apt[@]}" install -y -qq "${packages[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    sudo -n env DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
    sudo -n env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq "${packages[@]}" >/dev/null
  else
    {
      echo "scripts/test.sh: cannot install them here (not root, no apt-get or no password-less sudo)."
      echo "On Debian/Ubuntu, as root:  apt-get install ${packages[*]}"
      echo "Elsewhere: a C compiler, poppler's command-line tools (pdftotext, pdffonts, pdfinfo)"
      echo "and LibreOffice with Calc, all on PATH; then run scripts/test.sh again."
    } >&2
    exit 2
  fi
fi

if [ "$(id -u)" != 0 ]; then
  echo "scripts/test.sh: not root: the disk-full and read-only cases of tests/bad_input.rs" \
    "(a tmpfs mount) are skipped here, a failure under CI" >&2
fi

exec cargo test --locked "$@"
