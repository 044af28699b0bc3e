#!/usr/bin/env bash
# Rules at the limit (issue 18; BENCHMARKS.md, "Rules at the limit"): today's criteria over
# synthetic populations of 98,972, 1,000,000 and 5,600,000 persons, end to end from a file
# (read, columns, evaluation on every core, the table with costs and fee revenue), as CSV,
# Parquet and Arrow IPC: wall time on both cores, CPU time pinned to one core (`taskset -c 0`),
# maximum resident memory, and the phases the run reports.
#
# Uses the rules-io examples `generate` and `simulate` (the library calls of `polku population
# generate` and `polku simulate`, without building the whole binary); the populations are
# written to $POP_DIR (default $HOME/.cache/polku-populations) once.
#
# Usage: bench/rules.sh [sizes...]   (default: 98972 1000000 5600000)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-98972 1000000 5600000}")
read -r -a SIZES <<< "${SIZES[*]}"
POP_DIR="${POP_DIR:-$HOME/.cache/polku-populations}"
ON="${ON:-2026-11-23}"
ROUNDS="${ROUNDS:-5}"
[[ "${NO_BUILD:-}" == 1 ]] || cargo build --release -p rules-io --examples
target="${CARGO_TARGET_DIR:-target}/release/examples"
mkdir -p "$POP_DIR"
printf '| persons | file | size | wall, 2 cores (median of %s) | CPU, one core | max RSS | phases (read / columns / simulated, of which evaluation) |\n|---|---|---|---|---|---|---|\n' "$ROUNDS"
for n in "${SIZES[@]}"; do
  for ext in csv parquet arrow; do
    file="$POP_DIR/people-$n.$ext"
    [[ -s "$file" ]] || "$target/generate" --size "$n" --out "$file" >/dev/null 2>&1
    walls=()
    for _ in $(seq "$ROUNDS"); do
      /usr/bin/time -f '%e %M' -o /tmp/rules-bench.time "$target/simulate" simulate --population "$file" --on "$ON" \
        >/dev/null 2>/tmp/rules-bench.err
      walls+=("$(cut -d' ' -f1 /tmp/rules-bench.time)")
    done
    wall=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (ROUNDS + 1) / 2 ))p")
    rss=$(cut -d' ' -f2 /tmp/rules-bench.time)
    phases=$(tail -1 /tmp/rules-bench.err | sed 's/.*: read/read/')
    /usr/bin/time -f '%U %S' -o /tmp/rules-bench.cpu taskset -c 0 "$target/simulate" simulate --population "$file" \
      --on "$ON" >/dev/null 2>/dev/null
    cpu=$(awk '{printf "%.2f s", $1 + $2}' /tmp/rules-bench.cpu)
    size=$(du -h "$file" | cut -f1)
    printf '| %s | %s | %s | %s s | %s | %s MB | %s |\n' "$n" "$ext" "$size" "$wall" "$cpu" "$((rss / 1024))" "$phases"
  done
done
