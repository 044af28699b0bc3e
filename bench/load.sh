#!/usr/bin/env bash
# Load test of the HTTP server: a catalog the size of Finland's public catalog
# (20,000 services, 60,000 units, synthetic), 64 connections of mixed searches
# with wrk, the finder pages at 64 connections and on one connection (its latency is the
# server-side render time plus loopback), and the resident memory of both servers.
# The same on the demo county. Every measurement is preceded by the load averages
# (`load …`): the machine may be shared, and figures taken at a load above 1 on this 2-core
# machine are pessimistic.
#
# Usage: bench/load.sh [path-to-release-polku]   (default: target/release/polku)
# Env:   DURATION (default 20s) per wrk run;
#        NATIONAL_DATA=DIR keeps the imported national catalog there and reuses it next time.
# Needs: wrk (apt-get install wrk). Figures go to BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
POLKU="${1:-${CARGO_TARGET_DIR:-target}/release/polku}"
DURATION="${DURATION:-20s}"
[[ -x "$POLKU" ]] || { echo "build first: cargo build --release -p polku" >&2; exit 1; }
command -v wrk >/dev/null || { echo "install wrk: apt-get install wrk" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$1/status"; echo; }
wait_up() { for _ in $(seq 1 1500); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done; return 1; }
load() { echo "load $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min; $(nproc) cores)"; }
# One line of a wrk run: requests/s and latency percentiles (wrk --latency), and any errors.
brief() {
  awk -v label="$1" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx|Socket errors/ { err = err " " $0 }
    END { printf "%-44s %10s req/s   p50 %8s  p90 %8s  p99 %8s%s\n", label, rps, p50, p90, p99, err }'
}
# wrk under a CPU account: after the run, the share of the 2 cores the server, wrk and
# everything else (other builds, other sessions) used during it. "else" well above 0 %
# means the figures are pessimistic; the load average lags by minutes, this does not.
CLK="$(getconf CLK_TCK)"
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
wrk_cpu() { # wrk arguments...; stdout is wrk's
  local b0 s0 t0 b1 s1 t1 wu ws
  b0=$(busy); s0=$(ticks "$PID"); t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$WORK/wrk.time" wrk "$@"
  b1=$(busy); s1=$(ticks "$PID"); t1=$(date +%s.%N)
  read -r wu ws <"$WORK/wrk.time"
  awk -v b="$((b1 - b0))" -v s="$((s1 - s0))" -v wu="$wu" -v ws="$ws" -v t0="$t0" -v t1="$t1" -v clk="$CLK" -v n="$(nproc)" '
    BEGIN { el = t1 - t0; all = b / clk / el * 100; srv = s / clk / el * 100
            wr = (wu + ws) / el * 100; printf "cpu during the run: server %.0f %%, wrk %.0f %%, else %.0f %% (of %d %%)\n", srv, wr, all - srv - wr, n * 100 }' >&2
}
# The server-side render time of one page: one connection, one thread.
one() { # port path
  load
  wrk_cpu -t1 -c1 -d"$DURATION" --latency "http://127.0.0.1:$1$2" | brief "1 conn  $2"
}

if [[ -n "${NATIONAL_DATA:-}" ]]; then BIG="$NATIONAL_DATA"; else BIG="$WORK/big"; fi
if [[ ! -s "$BIG/polku.db" ]]; then
  echo "== generating and importing 20,000 services / 60,000 units"
  "$POLKU" generate --services 20000 --units 60000 "$WORK/big.json"
  /usr/bin/time -f "import: %e s, max RSS %M KB" "$POLKU" import "$WORK/big.json" --data-dir "$BIG" 2>&1 | tail -2
  # The unit bench/lighthouse/run.sh measures, when it reuses NATIONAL_DATA.
  if command -v jq >/dev/null; then
    jq -r '[.units[].id | select(startswith("unit-porvoo-hospital-s"))][0]' "$WORK/big.json" >"$BIG/bench-unit-id"
  fi
  rm -f "$WORK/big.json"
fi

echo "== server with 20,000 services"
POLKU_LOG=warn "$POLKU" serve --data-dir "$BIG" --bind 127.0.0.1:18080 &
PID=$!
wait_up 18080
echo -n "idle: "; rss $PID
echo "-- mixed searches (/api/v1/services), 64 connections"
load
wrk_cpu -t2 -c64 -d"$DURATION" --latency -s bench/search.lua http://127.0.0.1:18080
echo -n "after load: "; rss $PID
echo "== finder pages (HTML), 64 connections, then one connection (server-side render time)"
load
wrk_cpu -t2 -c64 -d"$DURATION" --latency -s bench/finder.lua http://127.0.0.1:18080 | brief "64 conn finder.lua (10 searches)"
load
wrk_cpu -t1 -c1 -d"$DURATION" --latency -s bench/finder.lua http://127.0.0.1:18080 | brief "1 conn  finder.lua (10 searches)"
one 18080 /fi/
one 18080 "/fi/services?q=kotihoito"
[[ -s "$BIG/bench-unit-id" ]] && one 18080 "/fi/units/$(cat "$BIG/bench-unit-id")"
one 18080 "/fi/embed/finder?municipality=638&group=P4"
kill $PID; wait $PID 2>/dev/null || true

echo "== demo server (Itä-Uusimaa)"
# --demo-sample 0: no synthetic monitoring year stored in the background while measuring.
POLKU_LOG=warn "$POLKU" serve --demo --demo-sample 0 --data-dir "$WORK/demo" --bind 127.0.0.1:18081 &
PID=$!
wait_up 18081
echo "-- mixed searches (/api/v1/services), 64 connections"
load
wrk_cpu -t2 -c64 -d"$DURATION" --latency -s bench/search.lua http://127.0.0.1:18081
for page in /fi/ "/fi/services?q=kotihoito" /fi/services/svc-home-care; do
  wrk -t1 -c8 -d3s "http://127.0.0.1:18081$page" | grep -E "Requests/sec" | sed "s|^|$page |"
done
load
wrk_cpu -t1 -c1 -d"$DURATION" --latency -s bench/finder.lua http://127.0.0.1:18081 | brief "1 conn  finder.lua (10 searches)"
one 18081 /fi/
one 18081 "/fi/services?q=kotihoito"
one 18081 /fi/units/unit-porvoo-hospital
one 18081 "/fi/embed/finder?municipality=638&group=P4"
echo -n "demo after load: "; rss $PID
