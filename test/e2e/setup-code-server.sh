#!/usr/bin/env bash
# Installs code-server (VS Code in a browser, from npm) and its native modules offline into a
# cache folder outside the work tree, for the end-to-end suite (test/e2e/). Does nothing when the
# cache already holds a complete install. Prints the code-server entry point on its last line.
#
# Environment:
#   IBNB_E2E_CACHE        cache folder (default: ~/.cache/ibnb-e2e)
#   IBNB_CODE_SERVER_VERSION  code-server version (default 4.100.3; Node 20 needs 4.90–4.100.x)
#
# code-server's own postinstall downloads ripgrep and node headers from outside the npm registry,
# so it is installed with --ignore-scripts and its postinstall steps are done here by hand.
set -euo pipefail

version="${IBNB_CODE_SERVER_VERSION:-4.100.3}"
cache="${IBNB_E2E_CACHE:-${HOME:-/root}/.cache/ibnb-e2e}"
dest="$cache/code-server-$version"
entry="$dest/node_modules/code-server/out/node/entry.js"

log() { echo "[e2e setup] $*" >&2; }

if [[ -f "$dest/.complete" && -f "$entry" ]]; then
  log "code-server $version already installed in $dest"
  echo "$entry"
  exit 0
fi

# --- Debian packages (headers for the native modules, ripgrep, the browser) ---
need=()
for pkg in build-essential python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  log "installing Debian packages: ${need[*]}"
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { log "need root (or sudo) to install: ${need[*]}"; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
log "node $(node --version); code-server $version into $dest"

# node-gyp would download the node headers; use the installed ones when they are there.
gyp_args=()
node_prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
if [[ -f "$node_prefix/include/node/node.h" ]]; then
  gyp_args+=("--nodedir=$node_prefix")
fi
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

tmp="$dest.partial.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s)
log "npm install code-server@$version (no scripts)"
npm install --prefix "$tmp" --ignore-scripts --no-save --loglevel=error "code-server@$version" >&2

vscode="$tmp/node_modules/code-server/lib/vscode"
[[ -d "$vscode" ]] || { log "unexpected layout: $vscode is missing"; exit 1; }

log "npm install (lib/vscode)"
(cd "$vscode" && npm install --omit=dev --ignore-scripts --loglevel=error >&2)

log "ripgrep from /usr/bin/rg"
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp "$(command -v rg)" "$vscode/node_modules/@vscode/ripgrep/bin/rg"

for mod in kerberos node-pty @parcel/watcher native-watchdog @vscode/spdlog @vscode/windows-registry @vscode/deviceid; do
  dir="$vscode/node_modules/$mod"
  if [[ ! -f "$dir/binding.gyp" ]]; then
    log "skip $mod (no binding.gyp)"
    continue
  fi
  log "node-gyp rebuild $mod"
  (cd "$dir" && npx --yes node-gyp rebuild "${gyp_args[@]}" >"$tmp/gyp-${mod//\//_}.log" 2>&1) || {
    tail -30 "$tmp/gyp-${mod//\//_}.log" >&2
    log "building $mod failed"
    exit 1
  }
done

(cd "$vscode" && ln -sfn node_modules node_modules.asar)
(cd "$vscode/bin/remote-cli" && ln -sfn code-linux.sh code-server)
(cd "$vscode/bin/helpers" && ln -sfn browser-linux.sh browser.sh)

log "npm install (lib/vscode/extensions)"
(cd "$vscode/extensions" && npm install --omit=dev --ignore-scripts --loglevel=error >&2)

log "argon2 (node-pre-gyp, built from source)"
(cd "$tmp/node_modules/argon2" && npx --yes @mapbox/node-pre-gyp install --fallback-to-build "${gyp_args[@]}" >"$tmp/argon2.log" 2>&1) || {
  tail -30 "$tmp/argon2.log" >&2
  log "building argon2 failed"
  exit 1
}

# Smoke test: the server starts and prints its version.
out=$(node "$tmp/node_modules/code-server/out/node/entry.js" --version 2>&1) || { echo "$out" >&2; log "code-server --version failed"; exit 1; }
log "code-server --version: $(echo "$out" | head -1)"

date -u +%FT%TZ >"$tmp/.complete"
rm -rf "$dest"
mkdir -p "$cache"
mv "$tmp" "$dest"
trap - EXIT
log "done in $(( $(date +%s) - start ))s (node $node_major)"
echo "$dest/node_modules/code-server/out/node/entry.js"
