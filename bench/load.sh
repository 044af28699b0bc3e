#!/usr/bin/env bash
# Load test of the HTTP server: a catalog the size of Finland's public catalog
# (20,000 services, 60,000 units, synthetic), 64 connections of mixed searches
# with wrk, the finder pages at 64 connections and on one connection (its latency is the
# server-side render time plus loopback), and the resident memory of both servers.
#
# Usage: bench/load.sh [path-to-release-polku]   (default: target/release/polku)
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
wait_up() { for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done; return 1; }

echo "== generating and importing 20,000 services / 60,000 units"
"$POLKU" generate --services 20000 --units 60000 "$WORK/big.json"
/usr/bin/time -f "import: %e s, max RSS %M KB" "$POLKU" import "$WORK/big.json" --data-dir "$WORK/big" 2>&1 | tail -2

echo "== server with 20,000 services"
POLKU_LOG=warn "$POLKU" serve --data-dir "$WORK/big" --bind 127.0.0.1:18080 &
PID=$!
wait_up 18080
echo -n "idle: "; rss $PID
wrk -t2 -c64 -d"$DURATION" --latency -s bench/search.lua http://127.0.0.1:18080
echo -n "after load: "; rss $PID
echo "== finder pages (HTML), 64 connections, then one connection (server-side render time)"
wrk -t2 -c64 -d"$DURATION" --latency -s bench/finder.lua http://127.0.0.1:18080 | grep -E "Requests/sec|Latency|99%|50%"
wrk -t1 -c1 -d"$DURATION" --latency -s bench/finder.lua http://127.0.0.1:18080 | grep -E "Requests/sec|Latency|99%|50%|90%"
kill $PID; wait $PID 2>/dev/null || true

echo "== demo server (Itä-Uusimaa)"
POLKU_LOG=warn "$POLKU" serve --demo --data-dir "$WORK/demo" --bind 127.0.0.1:18081 &
PID=$!
wait_up 18081
wrk -t2 -c64 -d"$DURATION" --latency -s bench/search.lua http://127.0.0.1:18081
for page in /fi/ "/fi/services?q=kotihoito" /fi/services/svc-home-care; do
  wrk -t1 -c8 -d3s "http://127.0.0.1:18081$page" | grep -E "Requests/sec" | sed "s|^|$page |"
done
echo -n "demo after load: "; rss $PID
