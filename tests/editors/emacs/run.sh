#!/usr/bin/env bash
# Headless Emacs + eglot end-to-end test of editors/emacs/podls-eglot.el against the real server.
# Usage: tests/editors/emacs/run.sh
# Environment: PODLS  the server binary (default target/release/podls)
# Needs Debian's emacs-nox, elpa-eglot and elpa-yaml-mode (scripts/install-editor-deps).
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
podls=${PODLS:-$root/target/release/podls}
command -v emacs >/dev/null || { echo "FAIL emacs: no emacs (scripts/install-editor-deps)"; exit 1; }
[ -x "$podls" ] || { echo "FAIL emacs: no podls binary at $podls (cargo build --release)"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The configuration runs `podls lsp` from exec-path, as it would for a user.
mkdir -p "$tmp/bin"
ln -s "$(cd "$(dirname "$podls")" && pwd)/$(basename "$podls")" "$tmp/bin/podls"
export PATH=$tmp/bin:$PATH HOME=$tmp

rc=0
timeout 60 emacs --batch -Q -l "$root/tests/editors/emacs/eglot-e2e.el" </dev/null 2>"$tmp/stderr" || rc=$?
if [ $rc -eq 0 ]; then
  echo "PASS emacs eglot"
else
  tail -n 20 "$tmp/stderr"
  echo "FAIL emacs eglot (exit $rc)"
fi
exit $rc
