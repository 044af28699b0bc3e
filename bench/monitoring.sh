#!/usr/bin/env bash
# Monitoring at the demo county's scale: the synthetic year (~2 million events) stored in
# SQLite and in PostgreSQL, then every indicator computed by the column engine (DataFusion)
# and, the same SQL, by the database, timed side by side (polku monitoring compare).
#   bench/monitoring.sh [sqlite|postgres|both]   (POLKU_BENCH_POSTGRES: an admin URL)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-both}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -p polku
cargo bench -p monitor --bench indicators
polku="$target/release/polku"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ "$which" != postgres ]]; then
  echo "== SQLite"
  /usr/bin/time -f "generate: %e s, %M KB" "$polku" --data-dir "$work/sqlite" monitoring generate --year 2026
  "$polku" --data-dir "$work/sqlite" monitoring compare --runs 5
fi
if [[ "$which" != sqlite ]]; then
  admin="${POLKU_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
  db="polku_bench_monitoring"
  psql "$admin" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  url="${admin%/*}/$db"
  echo "== PostgreSQL"
  /usr/bin/time -f "generate: %e s, %M KB" "$polku" --data-dir "$work/pg" --database-url "$url" monitoring generate --year 2026
  psql "$url" -qc "VACUUM ANALYZE monitoring_events"
  "$polku" --data-dir "$work/pg" --database-url "$url" monitoring compare --runs 5
  psql "$admin" -qc "DROP DATABASE IF EXISTS $db"
fi
