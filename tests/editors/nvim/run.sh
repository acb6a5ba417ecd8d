#!/usr/bin/env bash
# Headless Neovim end-to-end tests of editors/nvim: one fresh Neovim per case.
# Usage: tests/editors/nvim/run.sh [case...]     (default: all cases)
# Environment: PODLS  the server binary (default target/release/podls)
#              NVIM   Neovim 0.11+ (default .tools/bin/nvim, then nvim on PATH)
# Prints a `PASS <case>` or `FAIL <case>` line per case; exits non-zero when any case failed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
podls=${PODLS:-$root/target/release/podls}
nvim=${NVIM:-$root/.tools/bin/nvim}
[ -x "$nvim" ] || nvim=$(command -v nvim || true)
[ -n "$nvim" ] || { echo "FAIL nvim: no Neovim (run scripts/install-editor-deps)"; exit 1; }
[ -x "$podls" ] || { echo "FAIL nvim: no podls binary at $podls (cargo build --release)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The plugin runs `podls lsp` from PATH, as it would for a user.
mkdir -p "$tmp/bin"
ln -s "$(cd "$(dirname "$podls")" && pwd)/$(basename "$podls")" "$tmp/bin/podls"
export PATH=$tmp/bin:$PATH
# Keep Neovim's state and lsp.log out of $HOME.
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_STATE_HOME=$tmp/state XDG_CACHE_HOME=$tmp/cache

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(diagnostics edit settings fallback)
failed=0
for case in "${cases[@]}"; do
  rc=0
  PODLS_CASE=$case timeout 60 "$nvim" --headless --clean -u "$root/tests/editors/nvim/e2e.lua" \
    "$root/tests/editors/fixtures/pod.yaml" </dev/null || rc=$?
  if [ $rc -eq 0 ]; then
    echo "PASS nvim $case"
  else
    echo "FAIL nvim $case (exit $rc)"
    failed=1
    [ -f "$tmp/state/nvim/lsp.log" ] && tail -n 20 "$tmp/state/nvim/lsp.log"
  fi
  rm -f "$tmp/state/nvim/lsp.log"
done
exit $failed
