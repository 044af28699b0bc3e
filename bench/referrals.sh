#!/usr/bin/env bash
# Load test of service paths (issue 14; BENCHMARKS.md, "Service paths (issue 14)"), in
# process through the real code: bulk-loads 1,000,000 referrals (about 30 % open) of 200,000
# clients to 50 organisations with direct SQL, then measures
#   1. a producer's inbox of 100,000 open referrals sorted by deadline (first page, pages by
#      the cursor; the query plans are printed),
#   2. state changes with their access-log row and a webhook enqueued, 1, 8 and 32 writers
#      (on PostgreSQL also two servers on one database),
#   3. the county's deadline sweep,
# on SQLite (a fresh directory) and on PostgreSQL (a fresh database on POLKU_TEST_POSTGRES,
# default postgres://postgres@127.0.0.1:5432/test; dropped afterwards). PostgreSQL is skipped,
# with a note, when it cannot be reached.
#
# Usage: bench/referrals.sh [sqlite|postgres|both]   (default both)
# Sizes and durations: REFERRALS, CLIENTS, ORGS, INBOX, WRITERS, SECONDS, MOVES (see the
# example's header). Builds the example in release first (skip with NO_BUILD=1).
set -euo pipefail
cd "$(dirname "$0")/.."
WHICH="${1:-both}"
[[ "${NO_BUILD:-}" == 1 ]] || cargo build --release -p polku --example referral_load
TARGET="${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}"
LOAD="${LOAD:-$TARGET/release/examples/referral_load}"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "$WHICH" == sqlite || "$WHICH" == both ]]; then
  echo "== SQLite"
  /usr/bin/time -f "(SQLite run: %e s, max RSS %M KB)" "$LOAD" sqlite
fi
if [[ "$WHICH" == postgres || "$WHICH" == both ]]; then
  echo "== PostgreSQL"
  ADMIN="${POLKU_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
  if command -v pg_isready >/dev/null && ! pg_isready -q -d "$ADMIN"; then
    echo "PostgreSQL at ${ADMIN%%@*}@… is not reachable: skipped (set POLKU_TEST_POSTGRES)"
  else
    /usr/bin/time -f "(PostgreSQL run: %e s, max RSS %M KB)" "$LOAD" postgres
  fi
fi
