#!/usr/bin/env bash
# baocao against Typst, side by side in one sitting, interleaved:
#   benches/compare.sh [WARDS] [TYPST_DOCS] [ROUNDS]      (defaults 200 200 3)
# baocao: whole-process CPU (user+sys) of `baocao batch -f pdf -j 1` on a
# synthetic town (`sinh-du-lieu --wards WARDS --cells 10 --seed 1`, ~3-page ward
# reports) divided by the reports written. Typst 0.15 (PyPI `typst`, installed
# by this script into target/typst-venv): warm in-process CPU per document of
# benches/typst/templates/report.typ (the sample article's text, 3 footnotes, a
# table) with one reused compiler. The documents differ in length, so both are
# also given per 1,000 characters typeset (non-space characters pdftotext
# reads back). Prints each round, then the medians and the ratio
# (Typst CPU / baocao CPU per 1,000 characters: > 1 means baocao is cheaper).
# BAOCAO=/path/to/baocao runs that binary instead of building this tree's.
set -euo pipefail

WARDS=${1:-200}
TYPST_DOCS=${2:-200}
ROUNDS=${3:-3}

cd "$(dirname "$0")/.."
ROOT=$PWD
for tool in pdftotext /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "compare.sh needs $tool (poppler-utils, time, python3)" >&2; exit 1; }
done
if [[ -n "${BAOCAO:-}" ]]; then
    BIN=$BAOCAO
else
    cargo build --release --quiet --bin baocao
    BIN=${CARGO_TARGET_DIR:-target}/release/baocao
fi
VENV=${TYPST_VENV:-$ROOT/target/typst-venv}
if [[ ! -x $VENV/bin/python ]] || ! "$VENV/bin/python" -c 'import typst, yaml' 2>/dev/null; then
    echo "installing typst 0.15.2 and pyyaml into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'typst==0.15.2' pyyaml
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/baocao-compare.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DATA=$WORK/town-${WARDS}x10.yaml
"$BIN" sinh-du-lieu --wards "$WARDS" --cells 10 --seed 1 -o "$DATA" >/dev/null

# Non-space characters pdftotext reads back from the PDFs in a folder.
chars() { find "$1" -name '*.pdf' -print0 | xargs -0 -I{} pdftotext {} - | tr -d '[:space:]' | wc -m; }
pdfs() { find "$1" -name '*.pdf' | wc -l; }

echo "baocao: $WARDS wards x 10 cells, batch -f pdf -j 1; Typst: $TYPST_DOCS documents, one compiler; $(nproc) cores"
echo "load at start: $(uptime | sed 's/.*load average: //')"
b_ms=(); t_ms=(); b_k=(); t_k=()
for round in $(seq 1 "$ROUNDS"); do
    # A new folder each round, nothing deleted before the timed run: files
    # created right after others were deleted cost ext4 a search for an
    # inode not "recently deleted" (kernel time counted against baocao).
    OUT=$WORK/baocao-$round
    /usr/bin/time -f '%U %S' -o "$WORK/time.txt" "$BIN" batch "$DATA" -o "$OUT" -f pdf -j 1 -q
    read -r user sys <"$WORK/time.txt"
    n=$(pdfs "$OUT")
    [[ $round == 1 ]] && b_chars=$(chars "$OUT")
    b=$(echo "($user + $sys) * 1000 / $n" | bc -l)
    bk=$(echo "($user + $sys) * 1000 * 1000 / $b_chars" | bc -l)

    TOUT=$WORK/typst
    rm -rf "$TOUT"
    json=$(cd benches/typst && "$VENV/bin/python" run.py "$TYPST_DOCS" "$TOUT" "$ROOT/fonts")
    warm=$(echo "$json" | sed 's/.*"warm_cpu_s": \([0-9.e-]*\).*/\1/')
    [[ $round == 1 ]] && t_chars=$(chars "$TOUT")
    t=$(echo "$warm * 1000" | bc -l)
    tk=$(echo "$warm * 1000 * 1000 * $TYPST_DOCS / $t_chars" | bc -l)
    printf 'round %d: baocao %.2f ms/report, %.2f ms/1000 chars (%d reports, %.0f chars each) | Typst %.2f ms/doc, %.2f ms/1000 chars (%.0f chars each) | load %s\n' \
        "$round" "$b" "$bk" "$n" "$(echo "$b_chars / $n" | bc -l)" "$t" "$tk" \
        "$(echo "$t_chars / $TYPST_DOCS" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
    b_ms+=("$b"); t_ms+=("$t"); b_k+=("$bk"); t_k+=("$tk")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median "${b_k[@]}"); mt=$(median "${t_k[@]}")
printf 'median of %d: baocao %.2f ms/report, %.2f ms/1000 chars; Typst %.2f ms/doc, %.2f ms/1000 chars; Typst/baocao per 1000 chars: %.2fx\n' \
    "$ROUNDS" "$(median "${b_ms[@]}")" "$mb" "$(median "${t_ms[@]}")" "$mt" "$(echo "$mt / $mb" | bc -l)"
echo "load at end: $(uptime | sed 's/.*load average: //')"
