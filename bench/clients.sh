#!/usr/bin/env bash
# Load tests of client data with its access log (BENCHMARKS.md, "Client data and the access log"):
#   1. in process: one client record read with its log row, one reader (latency), then 64 readers;
#   2. over HTTP on SQLite: 64 connections read client records for SECONDS (default 60), and
#      `polku audit verify` then counts the log rows: every read must be there;
#   3. `polku audit verify` over ROWS (default 10,000,000) synthetic log rows.
#
# Usage: bench/clients.sh [seconds] [rows]
# Needs a release build: cargo build --release -p polku --example client_load
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_="${1:-60}"; ROWS="${2:-10000000}"
TARGET="${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}"
POLKU="${POLKU:-$TARGET/release/polku}"; LOAD="${LOAD:-$TARGET/release/examples/client_load}"
[[ -x "$POLKU" && -x "$LOAD" ]] || { echo "build first: cargo build --release -p polku --example client_load" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
wait_up() { for _ in $(seq 1 900); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done; return 1; }

echo "== 1. in process (SQLite)"
"$LOAD" --in-process --clients 1000 --reads 20000

echo "== 2. over HTTP (SQLite, demo county): 64 connections for $SECONDS_ s"
DB=(--data-dir "$WORK/db")
printf '%s\n' 'a password of twelve or more characters' | "$POLKU" user add bench --role navigator --password-stdin "${DB[@]}"
POLKU_LOG=warn "$POLKU" serve --demo "${DB[@]}" --bind 127.0.0.1:18090 & SERVER=$!
wait_up 18090
TOKEN=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"a password of twelve or more characters"}' \
  http://127.0.0.1:18090/api/v1/sessions | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$LOAD" --a 127.0.0.1:18090 --token "$TOKEN" --connections 64 --seconds "$SECONDS_" | tee "$WORK/http.txt"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
EXPECTED=$(awk '/expected log rows/ {print $4}' "$WORK/http.txt")
"$POLKU" audit verify "${DB[@]}" | tee "$WORK/verify.txt"
FOUND=$(awk '{for (i=1;i<=NF;i++) if ($i=="rows") {print $(i-1); exit}}' "$WORK/verify.txt")
echo "log rows expected $EXPECTED, found $FOUND"
[[ "$EXPECTED" == "$FOUND" ]] || { echo "MISSING LOG ROWS" >&2; exit 1; }

echo "== 3. polku audit verify over $ROWS rows"
"$LOAD" --fill-audit "$ROWS" --data-dir "$WORK/big"
/usr/bin/time -f "verify: %e s, max RSS %M KB" "$POLKU" audit verify --data-dir "$WORK/big"
ls -la "$WORK/big" | awk '/polku.db$/ {printf "database: %d MB\n", $5/1048576}'
