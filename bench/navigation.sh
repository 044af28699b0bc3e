#!/usr/bin/env bash
# Load tests of service navigation (BENCHMARKS.md, "Service navigation"):
#   1. in process (SQLite, demo county): from the last answer to the ranked choices, and the
#      navigation without the database;
#   2. over HTTP (SQLite, demo county): NAVIGATORS concurrent navigators (default 200) for
#      SECONDS (default 60), each round saving an answer and reading the navigation; then
#      `polku audit verify` counts the access log: every client-data access must be there.
#
# Usage: bench/navigation.sh [seconds] [navigators]
# Needs a release build: cargo build --release -p polku --example navigation_load
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_="${1:-60}"; NAVIGATORS="${2:-200}"
TARGET="${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}"
POLKU="${POLKU:-$TARGET/release/polku}"; LOAD="${LOAD:-$TARGET/release/examples/navigation_load}"
[[ -x "$POLKU" && -x "$LOAD" ]] || { echo "build first: cargo build --release -p polku --bin polku --example navigation_load" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
wait_up() { for _ in $(seq 1 900); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.2; done; return 1; }

echo "== 1. in process (SQLite)"
"$LOAD" --in-process --rounds 2000

echo "== 2. over HTTP (SQLite, demo county): $NAVIGATORS navigators for $SECONDS_ s"
DB=(--data-dir "$WORK/db")
printf '%s\n' 'a password of twelve or more characters' | "$POLKU" user add bench --role navigator --organization org-itu --password-stdin "${DB[@]}"
POLKU_LOG=warn "$POLKU" serve --demo "${DB[@]}" --bind 127.0.0.1:18091 & SERVER=$!
wait_up 18091
TOKEN=$(curl -fs -X POST -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"a password of twelve or more characters"}' \
  http://127.0.0.1:18091/api/v1/sessions | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$LOAD" --a 127.0.0.1:18091 --token "$TOKEN" --navigators "$NAVIGATORS" --seconds "$SECONDS_" | tee "$WORK/http.txt"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
EXPECTED=$(awk '/expected log rows/ {print $4}' "$WORK/http.txt")
"$POLKU" audit verify "${DB[@]}" | tee "$WORK/verify.txt"
FOUND=$(awk '{for (i=1;i<=NF;i++) if ($i=="rows") {print $(i-1); exit}}' "$WORK/verify.txt")
echo "log rows expected $EXPECTED (plus the sign-in), found $FOUND"
