#!/usr/bin/env bash
# Every DOCX baocao writes must pass the OOXML validator openxml-audit 0.8.0
# (a port of the Open XML SDK validator) with 0 errors: the two sample town
# reports, every report of the 12-ward batch, the invented data and template
# in tests/ci/audit/ (hostile names, every markup feature, 40 notes), the reference
# cases of tests/ref/cases/ (every report of each), and the
# DOCX the DOCX tests render (kept through BAOCAO_AUDIT_DIR, see
# tests/audit_support/mod.rs). The validator is installed in a virtualenv
# (BAOCAO_AUDIT_VENV, default target/openxml-audit-venv). BAOCAO_AUDIT_OUT=DIR
# keeps the files and the validator's reports (reports/).
# Needs: python3 with venv, network for pip on the first run. Exits non-zero
# on any validator error or if a file cannot be rendered.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=${BAOCAO_AUDIT_VENV:-target/openxml-audit-venv}
audit="$venv/bin/openxml-audit"
if ! "$venv/bin/pip" show openxml-audit 2>/dev/null | grep -qx 'Version: 0.8.0'; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'openxml-audit==0.8.0'
fi

# BAOCAO_AUDIT_OUT: a folder to keep the files and report in (else a temporary one).
if [ -n "${BAOCAO_AUDIT_OUT:-}" ]; then
  work=$BAOCAO_AUDIT_OUT
  rm -rf "$work/docx"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
out="$work/docx"
mkdir -p "$out"

cargo build --locked --quiet
bin=target/debug/baocao
run() { "$bin" "$@" -f docx -q || { echo "docx-audit: baocao $* failed" >&2; exit 1; }; }

run render data/ky-anh-2019.yaml -o "$out/ky-anh"
run render data/mau-12-don-vi.yaml -o "$out/mau-12"
run batch data/mau-12-don-vi.yaml -o "$out/batch-12"
run batch tests/ci/audit/la.yaml -o "$out/la"
run render tests/fixtures/data/nho.yaml --template tests/ci/audit/tat-ca.md.tera -o "$out/tat-ca"
run render tests/ci/audit/la.yaml --template tests/ci/audit/tat-ca.md.tera -o "$out/tat-ca-la"
# The invented reference cases (tests/ref/cases): huyện, tỉnh, a commune without wards.
for f in tests/ref/cases/*.yaml; do
  run batch "$f" -o "$out/ref-$(basename "$f" .yaml)"
done

# The DOCX tests keep every package they render.
BAOCAO_AUDIT_DIR="$out/tests" cargo test --locked --quiet \
  --test docx_package --test docx_robust --test docx_schema >/dev/null

n=$(find "$out" -name '*.docx' | wc -l)
[ "$n" -ge 30 ] || { echo "docx-audit: only $n DOCX files to check" >&2; exit 1; }
# One validator process per file: with -r, openxml-audit 0.8.0 mixes up the
# footnote and bookmark ids of different files (errors such as "id '3' was
# not found in Part:FootnotesPart" that a run on the file alone does not give).
mkdir -p "$work/reports"
find "$out" -name '*.docx' | sort | while read -r f; do
  rel=${f#"$out"/}
  "$audit" -m 0 -o json "$f" > "$work/reports/${rel//\//__}.json" || true
done
python3 - "$work/reports" "$n" <<'PY'
import json, os, sys
folder, want = sys.argv[1], int(sys.argv[2])
names = sorted(os.listdir(folder))
if len(names) != want:
    sys.exit(f"docx-audit: {len(names)} reports for {want} files")
bad = 0
for name in names:
    try:
        (report,) = json.load(open(os.path.join(folder, name)))
    except ValueError:
        sys.exit(f"docx-audit: no report for {name}")
    errors = report.get("errors", [])
    if errors or not report.get("valid", False):
        bad += 1
        print(f"FAIL {name[:-5].replace('__', '/')}: {len(errors)} errors", file=sys.stderr)
        for e in errors[:20]:
            print(f"  {e.get('part_uri')} {e.get('path')}: {e.get('description')}", file=sys.stderr)
print(f"docx-audit: {len(names)} DOCX files, {bad} with errors")
sys.exit(1 if bad else 0)
PY
