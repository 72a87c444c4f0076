#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: Python >= 3.12 venv, npm packages, a Chromium for tests.
# Usage: scripts/setup.sh [python|node|chromium|all]
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=.venv
STAMP="$VENV/.installed-$(sha256sum requirements.lock | cut -c1-16)"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

is_supported_python() {
  "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null
}

find_python() {
  local candidate
  for candidate in python3.14 python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null && is_supported_python "$(command -v "$candidate")"; then
      command -v "$candidate"; return
    fi
  done
  local pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  if command -v pyenv >/dev/null; then pyenv_root="$(pyenv root)"; fi
  for candidate in $(ls -d "$pyenv_root"/versions/3.* 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/bin/python" ] && is_supported_python "$candidate/bin/python"; then
      echo "$candidate/bin/python"; return
    fi
  done
  return 1
}

setup_python() {
  if [ -x "$VENV/bin/python" ] && ! is_supported_python "$VENV/bin/python"; then
    say "Removing $VENV: it was made with a Python older than 3.12"
    rm -rf "$VENV"
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    local python
    python="$(find_python)" || die "No Python >= 3.12 found on PATH or in pyenv. Install one (e.g. 'pyenv install 3.13') and retry."
    say "Creating $VENV with $python ($("$python" --version))"
    "$python" -m venv "$VENV"
  fi
  if [ ! -f "$STAMP" ]; then
    say "Installing pinned Python packages (requirements.lock)"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.lock \
      || die "pip could not install requirements.lock (is the package index reachable?)"
    rm -f "$VENV"/.installed-*
    touch "$STAMP"
  fi
}

setup_node() {
  command -v npm >/dev/null || die "npm not found: install Node.js >= 20 (e.g. 'apt-get install nodejs npm')."
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing pinned npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci failed (is the npm registry reachable?)"
  fi
}

setup_chromium() {
  if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then return; fi
  if command -v chromium >/dev/null; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing Debian's chromium package for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || die "apt-get could not install chromium."
    return
  fi
  say "No system Chromium and not root: trying 'playwright install chromium'"
  "$VENV/bin/python" -m playwright install chromium \
    || die "No Chromium: install Debian's 'chromium' package, or set CHROMIUM to a Chromium binary."
}

case "${1:-all}" in
  python) setup_python ;;
  node) setup_node ;;
  chromium) setup_python; setup_chromium ;;
  all) setup_python; setup_node; setup_chromium ;;
  *) die "unknown step: $1" ;;
esac
