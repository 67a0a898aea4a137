#!/usr/bin/env bash
# The 1,000-ward batch, end to end, with the release binary:
#   benches/batch.sh [WARDS] [CELLS] [JOBS] [RUNS] [FORMAT]
# (defaults 1000 10 2 3 all). Generates a synthetic town (`baocao
# sinh-du-lieu`, seed 1), runs `baocao batch DATA -o OUT -f FORMAT -j JOBS -q`
# RUNS times under /usr/bin/time -v, and prints per run: wall time, time per
# report, peak RSS, user+system CPU, total and mean output size; then the
# median wall time and RSS. Load average is printed since the machine is shared.
# BAOCAO=/path/to/baocao runs that binary instead of building this tree's.
set -euo pipefail

WARDS=${1:-1000}
CELLS=${2:-10}
JOBS=${3:-2}
RUNS=${4:-3}
FORMAT=${5:-all}

cd "$(dirname "$0")/.."
if [[ ! -x /usr/bin/time ]]; then
    echo "installing GNU time (apt-get install time)" >&2
    sudo apt-get install -y time >/dev/null || apt-get install -y time >/dev/null
fi
# BAOCAO=path/to/baocao compares another build (e.g. an older commit's).
if [[ -n "${BAOCAO:-}" ]]; then
    BIN=$BAOCAO
else
    cargo build --release --quiet --bin baocao
    BIN=${CARGO_TARGET_DIR:-target}/release/baocao
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baocao-batch.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/town-${WARDS}x${CELLS}.yaml
"$BIN" sinh-du-lieu --wards "$WARDS" --cells "$CELLS" --seed 1 -o "$DATA" >/dev/null
echo "data: $WARDS wards x $CELLS cells, $(stat -c %s "$DATA") bytes YAML; -j $JOBS -f $FORMAT; $(nproc) cores"
echo "load: $(uptime | sed 's/.*load average/load average/')"

walls=()
rsss=()
for run in $(seq 1 "$RUNS"); do
    OUT=$WORK/out
    rm -rf "$OUT"
    /usr/bin/time -v -o "$WORK/time.txt" "$BIN" batch "$DATA" -o "$OUT" -f "$FORMAT" -j "$JOBS" -q
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    user=$(awk -F': ' '/User time/ {print $2}' "$WORK/time.txt")
    sys=$(awk -F': ' '/System time/ {print $2}' "$WORK/time.txt")
    files=$(find "$OUT" -type f | wc -l)
    reports=$((WARDS + 1))
    bytes=$(find "$OUT" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
    pdf=$(find "$OUT" -name '*.pdf' -printf '%s\n' | awk '{s+=$1; n++} END {if(n) printf "%.1f", s/n/1024; else print "-"}')
    docx=$(find "$OUT" -name '*.docx' -printf '%s\n' | awk '{s+=$1; n++} END {if(n) printf "%.1f", s/n/1024; else print "-"}')
    printf 'run %d: wall %.2f s, %.2f ms/report (%d reports, %d files), peak RSS %.1f MB, user %s s + sys %s s, output %.1f MB (mean PDF %s KB, DOCX %s KB)\n' \
        "$run" "$wall" "$(echo "$wall * 1000 / $reports" | bc -l)" "$reports" "$files" \
        "$(echo "$rss / 1024" | bc -l)" "$user" "$sys" "$(echo "$bytes / 1048576" | bc -l)" "$pdf" "$docx"
    walls+=("$wall")
    rsss+=("$rss")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf 'median of %d: wall %.2f s, peak RSS %.1f MB\n' "$RUNS" "$(median "${walls[@]}")" \
    "$(echo "$(median "${rsss[@]}") / 1024" | bc -l)"
echo "load: $(uptime | sed 's/.*load average/load average/')"
