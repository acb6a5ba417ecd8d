#!/usr/bin/env bash
# VS Code end-to-end test: installs the built .vsix into a fresh code-server (a real VS Code
# workbench served on loopback) and drives it with headless Chromium through playwright-core.
# Usage: tests/editors/vscode/run.sh [setting|bundled|missing]
#   setting  (default) podls.vsix, with podls.server.path pointing at the server; checks diagnostics,
#            the Problems panel, hover, completion, changed settings and the restart command
#   bundled  podls-linux-x64.vsix, which carries the server, and no setting; checks that the
#            extension finds and starts the bundled server
#   missing  podls.vsix with no setting and no podls on PATH; checks the error message with the fix
# Environment: PODLS      the server binary (default target/release/podls)
#              VSIX       the extension package (default editors/vscode/podls.vsix, or
#                         editors/vscode/podls-linux-x64.vsix for `bundled`)
#              ARTIFACTS  where screenshots go (default tests/editors/artifacts, ignored by git)
# Needs scripts/install-editor-deps (Node 24, code-server, playwright-core in .tools/, Debian chromium).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tools=$root/.tools
mode=${1:-setting}
case $mode in
  setting) vsix=${VSIX:-$root/editors/vscode/podls.vsix} ;;
  bundled) vsix=${VSIX:-$root/editors/vscode/podls-linux-x64.vsix} ;;
  missing) vsix=${VSIX:-$root/editors/vscode/podls.vsix} ;;
  *) echo "usage: $0 [setting|bundled|missing]" >&2; exit 2 ;;
esac
podls=${PODLS:-$root/target/release/podls}
artifacts=${ARTIFACTS:-$root/tests/editors/artifacts}

fail() { echo "FAIL vscode $mode: $*"; exit 1; }
[ -x "$podls" ] || fail "no podls binary at $podls (cargo build --release)"
[ -f "$vsix" ] || fail "no extension package at $vsix (cd editors/vscode && npm ci && npm run package)"
[ -x "$tools/bin/code-server" ] || fail "no code-server in .tools (scripts/install-editor-deps)"
[ -x /usr/bin/chromium ] || fail "no /usr/bin/chromium (scripts/install-editor-deps)"
podls=$(cd "$(dirname "$podls")" && pwd)/$(basename "$podls")
mkdir -p "$artifacts"
artifacts=$(cd "$artifacts" && pwd)

if [ "$mode" = missing ]; then
  # Only the system folders: a podls installed in the user's own bin folders must not be found.
  export PATH=$tools/bin:/usr/bin:/bin
  ! command -v podls >/dev/null || fail "podls is installed in /usr/bin or /bin, so it cannot be missing"
else
  export PATH=$tools/bin:$PATH
fi
tmp=$(mktemp -d)
# code-server and Chromium write their state under these: keep it out of $HOME.
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state
cs_pid=
cleanup() {
  if [ -n "$cs_pid" ]; then
    # code-server runs in its own process group: the workbench server, the extension host, the
    # file watcher and the language server all go with it.
    kill -TERM -- "-$cs_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 -- "-$cs_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$cs_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/user-data/User" "$tmp/user-data/Machine" "$tmp/ws"
cp "$root/tests/editors/fixtures/"*.yaml "$tmp/ws/"
# User settings keep the workbench quiet. The server path is a machine setting: in code-server, as
# in any remote window, it belongs in the remote machine's settings, not the browser user's.
node -e '
  const [dir, podls, mode] = process.argv.slice(1);
  const settings = {
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "workbench.enableExperiments": false,
    "workbench.tips.enabled": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "chat.disableAIFeatures": true,
    "git.enabled": false,
    // Suggestions must come from the server only, not from words in the file.
    "editor.wordBasedSuggestions": "off",
    "editor.hover.delay": 100,
  };
  // The setting mode also checks that the trace setting reaches vscode-languageclient.
  if (mode === "setting") settings["podls.trace.server"] = "messages";
  const fs = require("fs");
  fs.writeFileSync(`${dir}/User/settings.json`, JSON.stringify(settings, null, 2));
  if (mode === "setting") {
    fs.writeFileSync(`${dir}/Machine/settings.json`, JSON.stringify({ "podls.server.path": podls }, null, 2));
  }
' "$tmp/user-data" "$podls" "$mode"

timeout 120 code-server --user-data-dir "$tmp/user-data" --extensions-dir "$tmp/ext" \
  --install-extension "$vsix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "installing $vsix"; }

# No extension gallery: nothing is fetched from the network (the machine has none to offer anyway).
export EXTENSIONS_GALLERY='{}'
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid code-server --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --ignore-last-opened \
  --user-data-dir "$tmp/user-data" --extensions-dir "$tmp/ext" "$tmp/ws" >"$tmp/code-server.log" 2>&1 &
cs_pid=$!
up=0
for _ in $(seq 1 150); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && { up=1; break; }
  kill -0 "$cs_pid" 2>/dev/null || break
  sleep 0.2
done
[ $up -eq 1 ] || { tail -n 30 "$tmp/code-server.log"; fail "code-server did not come up on port $port"; }

rc=0
NODE_PATH=$tools/playwright/node_modules timeout 180 node "$here/drive.js" "http://127.0.0.1:$port/" "$artifacts" "$tmp/user-data/User/settings.json" "$tmp/user-data/logs" "$mode" || rc=$?
if [ $rc -ne 0 ]; then
  echo "--- code-server log"; tail -n 20 "$tmp/code-server.log"
  echo "--- extension host log"; find "$tmp/user-data/logs" -name 'remoteexthost.log' -exec tail -n 20 {} \;
  echo "--- podls output channel"; find "$tmp/user-data/logs" -name "*podls.log" -exec cat {} \;
  fail "drive.js exited with $rc (screenshots in $artifacts)"
fi
echo "PASS vscode $mode"
