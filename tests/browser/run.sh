#!/usr/bin/env bash
# Browser checks for Polku: WCAG 2.1 AA with axe-core in headless Chromium,
# and optionally the README screenshot.
#
# Usage: tests/browser/run.sh <path-to-polku-binary>
#
# Env:
#   CHROMIUM        Chromium binary (default /usr/bin/chromium, Debian's package)
#   SCREENSHOT_OUT  if set, also write the README screenshot (PNG) there
#   BROWSER_ARTEFACTS  where layout.mjs keeps its screenshots (default: a temp dir)
#   PORT            port to serve on (default: a free one)
#   KEEP_TMP=1      keep the temp data dir and server log
#   LANGS, A11Y_REPORT are passed on to a11y.mjs (see README.md)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf 'browser: %s\n' "$*"; }
die() { printf 'browser: error: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 1 ]] || { echo "usage: $0 <path-to-polku-binary>" >&2; exit 2; }
[[ -f "$1" && -x "$1" ]] || die "not an executable file: $1"
POLKU="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || die "no Chromium at $CHROMIUM (apt-get install -y chromium, or set CHROMIUM)"
command -v node >/dev/null || die "node is not installed"
command -v curl >/dev/null || die "curl is not installed"

if [[ -n "${SCREENSHOT_OUT:-}" && "$SCREENSHOT_OUT" != /* ]]; then
  SCREENSHOT_OUT="$PWD/$SCREENSHOT_OUT"
fi

# ---- npm dependencies (playwright-core never downloads a browser) ----------
if [[ ! -d "$HERE/node_modules/playwright-core" || ! -d "$HERE/node_modules/axe-core" ]]; then
  log "installing npm dependencies (npm ci)"
  (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# ---- temp data dir, user, server -------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/polku-browser.XXXXXX")"
DATA_DIR="$WORK/data"
SERVER_LOG="$WORK/server.log"
mkdir -p "$DATA_DIR"
SERVER_PID=""

cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping server (pid $SERVER_PID)"
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -s "$SERVER_LOG" ]]; then
    echo "browser: last lines of the server log ($SERVER_LOG):" >&2
    tail -n 40 "$SERVER_LOG" >&2 || true
  fi
  if [[ "${KEEP_TMP:-}" == 1 ]]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local p
  for p in $(seq 18080 18180); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  return 1
}

PORT="${PORT:-$(free_port)}" || die "found no free port"
BASE_URL="http://127.0.0.1:$PORT"

log "data dir $DATA_DIR"
log "creating staff user axe"
printf 'axe-test-password-123\n' | "$POLKU" user add axe --role catalog_editor --role planner --password-stdin --data-dir "$DATA_DIR" \
  || die "'polku user add' failed"

log "creating navigator nav (org-itu)"
printf 'nav-test-password-123\n' | "$POLKU" user add nav --role navigator --organization org-itu --password-stdin --data-dir "$DATA_DIR" \
  || die "'polku user add nav' failed"

# The monitoring pages with data: the synthetic year of one resident in 100 (the whole year
# takes minutes to store with a debug build), stored before the server starts so that every
# page is checked with its charts; the server finds it whole and stores nothing more.
log "storing the synthetic monitoring year of one resident in 100"
"$POLKU" monitoring generate --sample 100 --data-dir "$DATA_DIR" >"$WORK/generate.log" 2>&1 \
  || { cat "$WORK/generate.log" >&2; die "'polku monitoring generate' failed"; }

log "starting $POLKU serve --demo on $BASE_URL"
"$POLKU" serve --demo --demo-sample 100 --bind "127.0.0.1:$PORT" --data-dir "$DATA_DIR" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

log "waiting for $BASE_URL/healthz (up to 60 s)"
deadline=$((SECONDS + 60))
while :; do
  code="$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/healthz" || true)"
  [[ "$code" == 200 ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { SERVER_PID=""; die "server exited before it was ready"; }
  ((SECONDS < deadline)) || die "server not ready after 60 s (last /healthz status: ${code:-none})"
  sleep 0.5
done
log "server is up (pid $SERVER_PID)"

# ---- checks -------------------------------------------------------------------
status=0
cd "$HERE"

log "running a11y.mjs"
if BASE_URL="$BASE_URL" POLKU_USER=axe POLKU_PASSWORD=axe-test-password-123 \
  POLKU_NAV_USER=nav POLKU_NAV_PASSWORD=nav-test-password-123 node a11y.mjs; then
  log "a11y: passed"
else
  log "a11y: FAILED"
  status=1
fi

log "running layout.mjs (screenshots in ${BROWSER_ARTEFACTS:-a temp dir})"
if BASE_URL="$BASE_URL" POLKU_USER=axe POLKU_PASSWORD=axe-test-password-123 node layout.mjs; then
  log "layout: passed"
else
  log "layout: FAILED"
  status=1
fi

if [[ -n "${SCREENSHOT_OUT:-}" ]]; then
  log "running screenshot.mjs -> $SCREENSHOT_OUT"
  if BASE_URL="$BASE_URL" SCREENSHOT_OUT="$SCREENSHOT_OUT" node screenshot.mjs; then
    log "screenshot: written"
  else
    log "screenshot: FAILED"
    status=1
  fi
fi

if [[ $status -eq 0 ]]; then log "all browser checks passed"; else log "browser checks FAILED"; fi
exit "$status"
