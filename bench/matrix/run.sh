#!/usr/bin/env bash
# Polku's travel-time matrix beside scipy's plain Dijkstra on the same generated network.
#
#   bench/matrix/run.sh [path-to-polku]
#
# Environment: MATRIX_DIR (default /tmp/polku-matrix), MATRIX_NODES (default 1000000),
# MATRIX_CELLS (100000), MATRIX_UNITS (50), MATRIX_SEED (1), MATRIX_NAME (synth1m: the
# name the network is imported under). The network is generated once and reused while
# $MATRIX_DIR/network.osm.pbf and graph.npz exist (delete them after changing the sizes).
#
# Runs and times, one after another:
#   (a) polku access matrix --network network.osm.pbf  (one-off: read, build, plain searches),
#       then with --method hierarchy (prepared, kept by content hash), then again (kept, Arrow out)
#   (b) polku access import-osm, then polku access matrix on the imported network
#   (c) scipy.sparse.csgraph.dijkstra, one search per unit on the reversed graph
# and checks both Polku outputs against scipy (compare.py).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${MATRIX_DIR:-/tmp/polku-matrix}"
nodes="${MATRIX_NODES:-1000000}"
cells="${MATRIX_CELLS:-100000}"
units="${MATRIX_UNITS:-50}"
seed="${MATRIX_SEED:-1}"
name="${MATRIX_NAME:-synth1m}"

if [[ $# -ge 1 ]]; then
    polku="$1"
elif [[ -x "$repo/target/release/polku" ]]; then
    polku="$repo/target/release/polku"
else
    polku="$(command -v polku || true)"
fi
if [[ -z "$polku" || ! -x "$polku" ]]; then
    echo "no polku binary: give its path (e.g. target/release/polku after cargo build --release -p polku)" >&2
    exit 2
fi
if ! python3 -c 'import numpy, scipy' 2>/dev/null; then
    echo "numpy and scipy are missing: python3 -m pip install numpy scipy pyproj" >&2
    exit 2
fi
if ! command -v osmium >/dev/null; then
    echo "osmium is missing: apt-get install -y osmium-tool (Debian/Ubuntu; brew install osmium-tool on macOS)" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "/usr/bin/time is missing: apt-get install -y time" >&2
    exit 2
fi

mkdir -p "$dir"
logs="$dir/logs"
mkdir -p "$logs"
timefmt='%e s wall, %U s user, %M KB'

# timed LABEL COMMAND...: runs COMMAND, its stderr and stdout into $logs/LABEL.log,
# the /usr/bin/time line into $logs/LABEL.time.
timed() {
    local label="$1"
    shift
    echo "== $label: $*" >&2
    if ! /usr/bin/time -f "$timefmt" -o "$logs/$label.time" "$@" >"$logs/$label.log" 2>&1; then
        echo "$label failed; its output:" >&2
        cat "$logs/$label.log" >&2
        return 1
    fi
    sed 's/^/   /' "$logs/$label.log" >&2
    echo "   $(cat "$logs/$label.time")" >&2
}

echo "polku: $polku ($("$polku" --version 2>/dev/null || echo 'version unknown'))" >&2
echo "load before: $(uptime)" >&2
uptime_before="$(uptime)"

if [[ ! -f "$dir/network.osm.pbf" || ! -f "$dir/graph.npz" ]]; then
    timed generate python3 "$here/make_network.py" "$nodes" "$dir" --seed "$seed" --cells "$cells" --units "$units"
else
    echo "== generate: reusing $dir/network.osm.pbf and graph.npz" >&2
fi

data="$dir/data"
rm -rf "$data/networks"
# (a) One-off, straight from the PBF: read, build the car graph only, and (--method auto)
# plain searches on every core, as preparing would not pay for 50 units.
timed polku_oneoff "$polku" --data-dir "$data" access matrix --network "$dir/network.osm.pbf" --mode car \
    --from "$dir/cells.csv" --to "$dir/units.csv" --out "$dir/polku_oneoff.csv"
uptime_a="$(uptime)"
# (a2) The same file with a hierarchy prepared (car only) and kept by its content hash,
# then (a3) again: the kept hierarchy found by the file's hash, Arrow IPC out.
timed polku_oneoff_prepare "$polku" --data-dir "$data" access matrix --network "$dir/network.osm.pbf" --mode car \
    --from "$dir/cells.csv" --to "$dir/units.csv" --method hierarchy --out "$dir/polku_oneoff_prepare.csv"
timed polku_cached "$polku" --data-dir "$data" access matrix --network "$dir/network.osm.pbf" --mode car \
    --from "$dir/cells.csv" --to "$dir/units.csv" --out "$dir/polku_cached.arrow"

# (b) Imported once (all three modes are built and prepared), then the matrix on it.
rm -f "$data/networks/$name".*.net
timed polku_import "$polku" --data-dir "$data" access import-osm "$dir/network.osm.pbf" --name "$name"
timed polku_prepared "$polku" --data-dir "$data" access matrix --network "$name" --mode car \
    --from "$dir/cells.csv" --to "$dir/units.csv" --out "$dir/polku_prepared.csv"
timed polku_prepared_arrow "$polku" --data-dir "$data" access matrix --network "$name" --mode car \
    --from "$dir/cells.csv" --to "$dir/units.csv" --out "$dir/polku_prepared.arrow"
uptime_b="$(uptime)"

# (c) scipy's plain Dijkstra, one search per unit.
timed scipy python3 "$here/scipy_matrix.py" "$dir"
uptime_c="$(uptime)"

status=0
timed compare_oneoff python3 "$here/compare.py" "$dir" "$dir/polku_oneoff.csv" || status=1
timed compare_prepared python3 "$here/compare.py" "$dir" "$dir/polku_prepared.csv" || status=1
timed compare_oneoff_prepare python3 "$here/compare.py" "$dir" "$dir/polku_oneoff_prepare.csv" || status=1

# Polku's own "... travel times (car): network X s, routing Y s, writing Z s" (routing only).
route_secs() { sed -n 's/.* travel times (car): .*routing \([0-9.]*\) s.*/\1/p' "$logs/$1.log" | tail -1; }
field() { cut -d, -f"$2" "$logs/$1.time" | sed 's/^ *//'; }
row() {
    printf '| %-44s | %-12s | %-12s | %-12s | %-10s |\n' "$1" "$(field "$2" 1)" "$(field "$2" 2)" "$(field "$2" 3)" "$3"
}
agree() { sed -n 's/^COMPARE //p' "$logs/$1.log"; }

graph_line="$(python3 -c "
import numpy as np; z = np.load('$dir/graph.npz')
print(f\"{len(z['indptr']) - 1:,} nodes ({int(z['lcc_nodes']):,} in the largest part), {int(z['lcc_edges']):,} directed car edges, {len(z['cell_ids']):,} cells x {len(z['unit_ids'])} units\")")"

echo
echo "Network: $graph_line; $dir"
echo "Polku: $polku"
echo
printf '| %-44s | %-12s | %-12s | %-12s | %-10s |\n' "step" "wall" "user" "max RSS" "routing"
printf '|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "--------------" "--------------" "--------------" "------------"
row "(a) polku access matrix --network <pbf>" polku_oneoff "$(route_secs polku_oneoff) s"
row "(a2) the same, --method hierarchy (kept)" polku_oneoff_prepare "$(route_secs polku_oneoff_prepare) s"
row "(a3) the same file again (kept), .arrow" polku_cached "$(route_secs polku_cached) s"
row "(b1) polku access import-osm (3 modes)" polku_import ""
row "(b2) polku access matrix --network $name" polku_prepared "$(route_secs polku_prepared) s"
row "(b3) the same, .arrow" polku_prepared_arrow "$(route_secs polku_prepared_arrow) s"
row "(c) scipy dijkstra, $units rows (whole script)" scipy "$(sed -n 's/^SCIPY_DIJKSTRA_SECONDS=//p' "$logs/scipy.log") s"
echo
echo "routing: Polku's own time for the matrix after loading; for scipy the dijkstra call alone."
echo "agreement (a): $(agree compare_oneoff)"
echo "agreement (b): $(agree compare_prepared)"
echo "agreement (a2): $(agree compare_oneoff_prepare)"
echo
echo "load before: $uptime_before"
echo "after (a):   $uptime_a"
echo "after (b):   $uptime_b"
echo "after (c):   $uptime_c"
exit $status
