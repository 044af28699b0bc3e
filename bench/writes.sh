#!/usr/bin/env bash
# Load test of catalog writes at the size of Finland's public catalog (20,000 services,
# 60,000 units, synthetic): 8 concurrent writers over HTTP (create, update with If-Match,
# retire), 100 searches per second while they run, and, on PostgreSQL, the time until a write on one
# server is visible on a second server on the same database. Also the servers' memory.
#
# Usage: bench/writes.sh sqlite|postgres [writers] [seconds]
#   postgres uses POLKU_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/polku_bench,
#   dropped and created again).
# Needs a release build: cargo build --release -p polku --example write_load
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND="${1:-sqlite}"; WRITERS="${2:-8}"; SECONDS_="${3:-20}"
TARGET="${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}"
POLKU="${POLKU:-$TARGET/release/polku}"; LOAD="${LOAD:-$TARGET/release/examples/write_load}"
[[ -x "$POLKU" && -x "$LOAD" ]] || { echo "build first: cargo build --release -p polku --example write_load" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
rss() { awk '/VmRSS|VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$1/status"; echo; }
wait_up() { for _ in $(seq 1 900); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done; return 1; }

if [[ "$BACKEND" == postgres ]]; then
  URL="${POLKU_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/polku_bench}"
  psql "${URL%/*}/test" -qc "DROP DATABASE IF EXISTS ${URL##*/}" -c "CREATE DATABASE ${URL##*/}"
  DB=(--database-url "$URL")
else
  DB=(--data-dir "$WORK/db")
fi
echo "== $BACKEND: generating and importing 20,000 services / 60,000 units"
"$POLKU" generate --services 20000 --units 60000 "$WORK/big.json"
/usr/bin/time -f "import: %e s, max RSS %M KB" "$POLKU" import "$WORK/big.json" "${DB[@]}" 2>&1 | tail -1
printf '%s\n' 'a password of twelve or more characters' | "$POLKU" user add bench --password-stdin "${DB[@]}"
POLKU_LOG=warn "$POLKU" serve "${DB[@]}" --bind 127.0.0.1:18080 & A=$!
wait_up 18080
B_ARGS=()
if [[ "$BACKEND" == postgres ]]; then
  POLKU_LOG=warn "$POLKU" serve "${DB[@]}" --bind 127.0.0.1:18081 & B=$!
  wait_up 18081
  B_ARGS=(--b 127.0.0.1:18081)
fi
echo -n "server A idle: "; rss $A
TOKEN=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"a password of twelve or more characters"}' \
  http://127.0.0.1:18080/api/v1/sessions | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$LOAD" --a 127.0.0.1:18080 "${B_ARGS[@]}" --token "$TOKEN" --writers "$WRITERS" --seconds "$SECONDS_"
echo -n "server A after: "; rss $A
if [[ "$BACKEND" == postgres ]]; then echo -n "server B after: "; rss $B; fi
