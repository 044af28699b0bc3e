#!/usr/bin/env bash
# Lighthouse (performance and accessibility, mobile and desktop) and page weight of the
# resident's service finder, in headless Debian Chromium, on two servers: the demo county
# (Itä-Uusimaa, 100 services) and a national-size synthetic catalog (20,000 services /
# 60,000 units, made as bench/load.sh makes it). Prints a table of scores and transfer
# sizes and, for every score under 95, the audits that cost the points.
#
# Usage: bench/lighthouse/run.sh [path-to-polku]   (default: ${CARGO_TARGET_DIR:-target}/release/polku)
#
# Env:
#   CHROME_PATH    Chromium binary (default /usr/bin/chromium; apt-get install -y chromium)
#   SERVERS        "demo national" (default both)
#   LANGS          "fi sv en"
#   PAGES          "start results unit embed" (service is also known)
#   PRESETS        "mobile desktop" (mobile: Lighthouse's default emulation; desktop: --preset=desktop)
#   OUT            where the JSON reports, index.tsv, summary.md and server logs go
#                  (default: a new directory under ${TMPDIR:-/tmp}; kept, never in the repository)
#   NATIONAL_DATA  a data directory to keep the imported national catalog in and reuse on the
#                  next run (default: a temp dir, removed at the end)
#   DEMO_PORT, NATIONAL_PORT   (default 18090, 18091)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
log() { printf 'lighthouse: %s\n' "$*" >&2; }
die() { printf 'lighthouse: error: %s\n' "$*" >&2; exit 1; }

POLKU="${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/polku}"
[[ -f "$POLKU" && -x "$POLKU" ]] || die "no polku binary at $POLKU (cargo build --release -p polku)"
POLKU="$(cd "$(dirname "$POLKU")" && pwd)/$(basename "$POLKU")"

export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[[ -x "$CHROME_PATH" ]] || die "no Chromium at $CHROME_PATH (apt-get install -y chromium, or set CHROME_PATH)"
command -v node >/dev/null || die "node is not installed (Node.js 18.16 or later)"
command -v curl >/dev/null || die "curl is not installed"
command -v jq >/dev/null || die "jq is not installed (apt-get install -y jq)"

SERVERS="${SERVERS:-demo national}"
LANGS="${LANGS:-fi sv en}"
PAGES="${PAGES:-start results unit embed}"
PRESETS="${PRESETS:-mobile desktop}"
DEMO_PORT="${DEMO_PORT:-18090}"
NATIONAL_PORT="${NATIONAL_PORT:-18091}"

# ---- Lighthouse, pinned in package-lock.json ----------------------------------
if [[ ! -x "$HERE/node_modules/.bin/lighthouse" ]]; then
  log "installing lighthouse (npm ci)"
  (cd "$HERE" && npm ci --no-audit --no-fund)
fi
LIGHTHOUSE="$HERE/node_modules/.bin/lighthouse"

OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/polku-lighthouse.XXXXXX")}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/polku-lighthouse-data.XXXXXX")"
PIDS=()

cleanup() {
  local rc=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  log "reports kept in $OUT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

wait_up() { # port pid: up to 5 minutes (the national index takes a while on a busy machine)
  local deadline=$((SECONDS + 300))
  until curl --noproxy '*' -fs --max-time 2 "http://127.0.0.1:$1/healthz" >/dev/null; do
    kill -0 "$2" 2>/dev/null || die "server on port $1 exited before it was ready (see $OUT/server-*.log)"
    ((SECONDS < deadline)) || die "server on port $1 not ready after 300 s"
    sleep 0.5
  done
}

# ---- the servers ----------------------------------------------------------------
declare -A PORT UNIT SERVICE
for server in $SERVERS; do
  case "$server" in
    demo)
      DIR="$WORK/demo"
      mkdir -p "$DIR"
      log "starting the demo county on 127.0.0.1:$DEMO_PORT"
      # --demo-sample 0: no synthetic monitoring year stored in the background while measuring.
      POLKU_LOG=warn "$POLKU" serve --demo --demo-sample 0 --data-dir "$DIR" \
        --bind "127.0.0.1:$DEMO_PORT" >"$OUT/server-demo.log" 2>&1 &
      PIDS+=($!)
      PORT[demo]=$DEMO_PORT
      UNIT[demo]=unit-porvoo-hospital
      SERVICE[demo]=svc-home-care
      ;;
    national)
      DIR="${NATIONAL_DATA:-$WORK/national}"
      mkdir -p "$DIR"
      if [[ ! -s "$DIR/polku.db" || ! -s "$DIR/bench-unit-id" ]]; then
        log "generating and importing 20,000 services / 60,000 units into $DIR"
        "$POLKU" generate --services 20000 --units 60000 "$WORK/national.json"
        /usr/bin/time -f "import: %e s, max RSS %M KB" \
          "$POLKU" import "$WORK/national.json" --data-dir "$DIR" 2>&1 | tail -2 >&2
        # A copy of the demo's best-described unit (entrances, hours, accessibility facts).
        jq -r '[.units[].id | select(startswith("unit-porvoo-hospital-s"))][0]' "$WORK/national.json" >"$DIR/bench-unit-id"
        rm -f "$WORK/national.json"
      fi
      log "starting the national-size catalog on 127.0.0.1:$NATIONAL_PORT"
      POLKU_LOG=warn "$POLKU" serve --data-dir "$DIR" \
        --bind "127.0.0.1:$NATIONAL_PORT" >"$OUT/server-national.log" 2>&1 &
      PIDS+=($!)
      PORT[national]=$NATIONAL_PORT
      UNIT[national]="$(cat "$DIR/bench-unit-id")"
      SERVICE[national]="" # found through the API once the server is up
      ;;
    *) die "unknown server '$server' (demo, national)" ;;
  esac
done
i=0
for server in $SERVERS; do
  wait_up "${PORT[$server]}" "${PIDS[$i]}"
  log "$server is up: $(curl -fs "http://127.0.0.1:${PORT[$server]}/healthz")"
  if [[ -z "${SERVICE[$server]}" ]]; then # the first home care service the search finds
    SERVICE[$server]="$(curl -fs "http://127.0.0.1:${PORT[$server]}/api/v1/services?q=kotihoito&per_page=1" | jq -r '.items[0].id')"
  fi
  i=$((i + 1))
done

# ---- the pages --------------------------------------------------------------------
query() {
  case "$1" in
    fi) echo kotihoito ;;
    sv) echo 'hemv%C3%A5rd' ;;
    en) echo 'home+care' ;;
    *) echo kotihoito ;;
  esac
}
path_of() { # server page lang
  case "$2" in
    start) echo "/$3/" ;;
    results) echo "/$3/services?q=$(query "$3")" ;;
    service) echo "/$3/services/${SERVICE[$1]}" ;;
    unit) echo "/$3/units/${UNIT[$1]}" ;;
    embed) echo "/$3/embed/finder?municipality=638&group=P4" ;;
    *) die "unknown page '$2' (start, results, service, unit, embed)" ;;
  esac
}

printf '# server\tpage\tlang\tpreset\turl\treport\tload average before\n' >"$OUT/index.tsv"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
for server in $SERVERS; do
  for page in $PAGES; do
    for lang in $LANGS; do
      url="http://127.0.0.1:${PORT[$server]}$(path_of "$server" "$page" "$lang")"
      code="$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' --max-time 30 "$url" || true)" # also warms it up
      [[ "$code" == 200 ]] || log "warning: $url answered $code"
      for preset in $PRESETS; do
        report="$server-$page-$lang-$preset.json"
        args=(--only-categories=performance,accessibility --output=json --output-path="$OUT/$report"
          --chrome-flags="$CHROME_FLAGS" --quiet --max-wait-for-load=60000)
        [[ $preset == desktop ]] && args+=(--preset=desktop)
        [[ $preset == mobile || $preset == desktop ]] || die "unknown preset '$preset' (mobile, desktop)"
        load="$(loadavg)"
        log "$server $page $lang $preset (load $load): $url"
        # Lighthouse 12 on a newer Chromium now and then fails to record the trace
        # (NO_NAVSTART): up to three attempts, until the report has both scores.
        for attempt in 1 2 3; do
          if timeout 240 "$LIGHTHOUSE" "$url" "${args[@]}" 2>>"$OUT/lighthouse.log" &&
            jq -e '.runtimeError == null and .categories.performance.score != null
                   and .categories.accessibility.score != null' "$OUT/$report" >/dev/null 2>&1; then
            break
          fi
          log "warning: attempt $attempt failed on $url ($preset); see $OUT/lighthouse.log"
        done
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$page" "$lang" "$preset" "$url" "$report" "$load" >>"$OUT/index.tsv"
      done
    done
  done
done

node "$HERE/summarize.mjs" "$OUT" | tee "$OUT/summary.md"
