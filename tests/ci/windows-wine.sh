#!/usr/bin/env bash
# baocao.exe as a clerk's Windows runs it, under Wine, in a fresh prefix:
#  1. render and batch the samples, invented data and workbooks (xlsx as
#     baocao writes it, and as LibreOffice re-saves it), byte-identical to
#     the Linux build's files for the same commands;
#  2. all of it from a folder with a Vietnamese name with spaces;
#  3. a report held open as Word (or a PDF viewer) holds it: a Vietnamese
#     message telling the clerk to close it, exit 1, no file half-written,
#     no temporary file left;
#  4. the page: double-click and a dropped workbook, in headless Chromium
#     (tests/web_wine.rs), its DOCX opened by LibreOffice;
#  5. the library's unit tests built for Windows pass.
# Wine 8.0 lacks ProcessPrng (Rust's std needs it): the test-only stub DLL
# in tests/ci/wine/ goes beside the exe. docs/windows.md says more.
# Needs root to install what is missing (wine, mingw-w64 via build-windows.sh).
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
export DEBIAN_FRONTEND=noninteractive

need=()
command -v wine >/dev/null 2>&1 || need+=(wine)
[ -x /usr/lib/wine/wine64 ] || need+=(wine64)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${need[@]}" >/dev/null
fi

started=$(date +%s)
step() { echo "windows-wine: $* ($(($(date +%s) - started)) s)" >&2; }
fail=0
err() { echo "FAIL: $*" >&2; fail=1; }

# The builds: Windows exe + unit-test exe, and the Linux release binary.
step "building the Windows exe (scripts/build-windows.sh --tests)"
built=$(bash scripts/build-windows.sh --tests)
exe=$repo/$(echo "$built" | tail -1)
unit_exe=$repo/$(echo "$built" | tail -2 | head -1)
step "building the Linux binary"
cargo build --release --locked --quiet --bin baocao
linux=$repo/target/release/baocao

work=$(mktemp -d)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Test-only helpers, built with mingw: the ProcessPrng stub, the file holder.
x86_64-w64-mingw32-gcc -shared -O2 -s -o "$work/bcryptprimitives.dll" \
  tests/ci/wine/bcryptprimitives.c -ladvapi32
x86_64-w64-mingw32-gcc -municode -O2 -s -o "$work/giu-tep.exe" tests/ci/wine/giu-tep.c

# A fresh prefix; Vietnamese file names need a UTF-8 locale; no Mono/Gecko
# installer prompts; the stub DLL preferred to Wine's own.
export WINEPREFIX=$work/prefix WINEDEBUG=-all LANG=C.UTF-8 LC_ALL=C.UTF-8
export WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree=;mshtml="
unset DISPLAY
step "creating a Wine prefix"
wine wineboot -i >/dev/null 2>&1 || true

# The clerk's folder (Windows side) and the Linux build's, same content.
W="$work/Báo cáo đại hội 2025"
L="$work/linux"
mkdir -p "$W" "$L"
cp "$exe" "$W/baocao.exe"
cp "$work/bcryptprimitives.dll" "$work/giu-tep.exe" "$W/"
for d in "$W" "$L"; do
  cp -r data "$d/dữ liệu"
  # A data file named as a clerk names it.
  cp data/mau-12-don-vi.yaml "$d/dữ liệu/Số liệu phường 2025.yaml"
  [ -d tests/ref/cases ] && cp -r tests/ref/cases "$d/ca"
done
# Invented data unlike the samples (synthetic wards, another seed), as YAML
# and as workbooks: baocao's own xlsx, and LibreOffice's re-save of it.
"$linux" sinh-du-lieu --wards 7 --cells 4 --seed 2026 -o "$L/tong-hop.yaml"
"$linux" chuyen "$L/tong-hop.yaml" "$L/bảng tính.xlsx"
"$linux" chuyen data/mau-xa-2025.yaml "$L/xã mẫu.xlsx"
if command -v libreoffice >/dev/null 2>&1; then
  profile=$(mktemp -d)
  (cd "$L" && libreoffice --headless "-env:UserInstallation=file://$profile" \
    --convert-to ods --outdir "$L/lo" "xã mẫu.xlsx" >/dev/null 2>&1) || true
  rm -rf "$profile"
  [ -s "$L/lo/xã mẫu.ods" ] && mv "$L/lo/xã mẫu.ods" "$L/xã mẫu.ods"
  rm -rf "$L/lo"
fi
for f in "$L"/tong-hop.yaml "$L"/*.xlsx "$L"/*.ods; do
  [ -e "$f" ] && cp "$f" "$W/"
done

win() { (cd "$W" && wine baocao.exe "$@"); }
lin() { (cd "$L" && "$linux" "$@"); }

# The same command on both sides: same exit code, same files, same bytes.
# Each command writes into its own folder $2 (relative), named with spaces.
same() {
  local name=$1 out=$2
  shift 2
  local wc=0 lc=0
  local o=(-o "$out")
  [ "${NO_O:-}" = 1 ] && o=()
  win "$@" "${o[@]}" >"$work/w.out" 2>"$work/w.err" || wc=$?
  lin "$@" "${o[@]}" >"$work/l.out" 2>"$work/l.err" || lc=$?
  if [ "$wc" != "$lc" ]; then
    err "$name: exit $wc under Wine, $lc on Linux"
    sed 's/^/  wine: /' "$work/w.err" | head -20 >&2
    return
  fi
  local wl ll
  wl=$(cd "$W/$out" 2>/dev/null && find . -type f | sort)
  ll=$(cd "$L/$out" 2>/dev/null && find . -type f | sort)
  if [ "$wl" != "$ll" ]; then
    err "$name: files differ: Wine [$(echo $wl)] Linux [$(echo $ll)]"
    return
  fi
  if [ -z "$ll" ] && [ "$lc" = 0 ]; then
    err "$name: no file written"
    return
  fi
  local f n=0
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    n=$((n + 1))
    cmp -s "$W/$out/$f" "$L/$out/$f" || err "$name: $f differs from the Linux build's"
  done <<<"$ll"
  echo "  ok  $name: $n files identical (exit $lc)" >&2
}

step "render and batch, Windows vs Linux"
same "render ky-anh-2019" "kết quả/thị xã" render "dữ liệu/ky-anh-2019.yaml"
same "render mau-xa-2025" "kết quả/xã" render "dữ liệu/mau-xa-2025.yaml"
same "render one ward" "kết quả/một phường" render "dữ liệu/Số liệu phường 2025.yaml" --don-vi ky-lien
same "batch 12 wards" "kết quả/lô 12" batch "dữ liệu/Số liệu phường 2025.yaml" -j 2
same "batch synthetic" "kết quả/lô tổng hợp" batch tong-hop.yaml -j 2
same "render workbook" "kết quả/bảng tính" render "bảng tính.xlsx"
same "batch workbook" "kết quả/lô bảng tính" batch "bảng tính.xlsx" -j 2 -f docx
same "render commune workbook" "kết quả/xã xlsx" render "xã mẫu.xlsx"
[ -e "$W/xã mẫu.ods" ] && same "render LibreOffice ods" "kết quả/xã ods" render "xã mẫu.ods"
if [ -d "$L/ca" ]; then
  for c in "$L"/ca/*.yaml; do
    b=$(basename "$c" .yaml)
    same "render case $b" "kết quả/ca $b" render "ca/$b.yaml"
  done
fi
# init: the working folder a clerk starts from (workbook, templates, guide).
NO_O=1 same "init" "thư mục làm việc" init "thư mục làm việc"
# chuyen: workbook -> YAML and YAML -> workbook, the same bytes on both sides.
for conv in "bảng tính.xlsx:chuyển.yaml" "tong-hop.yaml:chuyển.xlsx"; do
  rc_w=0 rc_l=0
  win chuyen "${conv%%:*}" "${conv#*:}" >/dev/null 2>"$work/w.err" || rc_w=$?
  lin chuyen "${conv%%:*}" "${conv#*:}" >/dev/null 2>&1 || rc_l=$?
  if [ "$rc_w" != 0 ] || [ "$rc_l" != 0 ]; then
    err "chuyen $conv: exit $rc_w under Wine, $rc_l on Linux: $(cat "$work/w.err")"
  elif cmp -s "$W/${conv#*:}" "$L/${conv#*:}"; then
    echo "  ok  chuyen $conv: identical" >&2
  else
    err "chuyen $conv: differs from the Linux build's"
  fi
done

# A data file that is not there, in a Vietnamese path: a Vietnamese message
# naming it, exit 1.
step "messages"
rc=0
win render "dữ liệu/không có tệp này.yaml" -o "kết quả/x" >"$work/w.out" 2>"$work/w.err" || rc=$?
[ "$rc" = 1 ] || err "missing data file: exit $rc, expected 1"
grep -q "không có tệp này.yaml" "$work/w.err" || err "missing data file: the path is not named intact: $(cat "$work/w.err")"
grep -q "không tìm thấy" "$work/w.err" || err "missing data file: no Vietnamese reason: $(cat "$work/w.err")"
echo "  ok  missing file: $(head -1 "$work/w.err")" >&2

# Held open: render one report, then data that would change it while its
# PDF (then its DOCX) is held open as a PDF viewer (then Word) holds it.
step "a report held open"
held_case() {
  local ext=$1 mode=$2
  local dir="kết quả/đang mở $ext"
  rm -rf "$W/$dir" "$W/sẵn sàng" "$W/dừng"
  cp "$W/dữ liệu/mau-xa-2025.yaml" "$W/Báo cáo xã.yaml"
  win render "Báo cáo xã.yaml" -o "$dir" >/dev/null 2>&1 || { err "held $ext: first render failed"; return; }
  local before held
  before=$(cd "$W/$dir" && sha256sum -- *)
  # The report's file name is made from the data file's (bao-cao-xa.pdf).
  held=$(cd "$W/$dir" && ls -- *."$ext")
  # Other data under the same name: a successful run would change both files.
  cp "$W/dữ liệu/ky-anh-2019.yaml" "$W/Báo cáo xã.yaml"
  (cd "$W" && wine giu-tep.exe "$dir/$held" "sẵn sàng" "dừng" "$mode") >/dev/null 2>&1 &
  local holder=$! i
  for i in $(seq 1 300); do [ -e "$W/sẵn sàng" ] && break; sleep 0.1; done
  [ -e "$W/sẵn sàng" ] || { err "held $ext: the holder did not open the file"; kill "$holder" 2>/dev/null; return; }
  local rc=0
  win render "Báo cáo xã.yaml" -o "$dir" >"$work/w.out" 2>"$work/w.err" || rc=$?
  touch "$W/dừng"
  wait "$holder" || true
  [ "$rc" = 1 ] || err "held $ext: exit $rc, expected 1"
  grep -q "Word" "$work/w.err" && grep -q "đóng" "$work/w.err" \
    || err "held $ext: the message does not tell the clerk to close the file: $(cat "$work/w.err")"
  grep -q "$held" "$work/w.err" || err "held $ext: the message does not name the file: $(cat "$work/w.err")"
  local after
  after=$(cd "$W/$dir" && sha256sum -- *)
  [ "$before" = "$after" ] || err "held $ext: files changed or half-written: $after"
  local left
  left=$(cd "$W/$dir" && find . -name '*.tmp' -o -name '.*' -type f | head -3)
  [ -z "$left" ] || err "held $ext: temporary files left: $left"
  echo "  ok  held $ext ($mode): exit 1, $(grep -m1 -i "word" "$work/w.err")" >&2
}
held_case pdf pdf
held_case docx word

# The page as a clerk meets it: baocao.exe double-clicked (no arguments, no
# terminal) and with a workbook dropped on it, driven in headless Chromium:
# upload, preview, save into Documents / beside the workbook, the Linux
# build's bytes (tests/web_wine.rs); the DOCX downloaded from it opened by
# LibreOffice.
step "the page under Wine, in Chromium"
rc=0
shots=()
[ -n "${BAOCAO_ANH_GIAO_DIEN:-}" ] && shots=(BAOCAO_ANH_GIAO_DIEN="$BAOCAO_ANH_GIAO_DIEN")
(cd "$repo" && env BAOCAO_WINE_DIR="$W" BAOCAO_WINE_OUT="$work/page" "${shots[@]}" \
  cargo test --locked --test web_wine -- --test-threads=1) >"$work/page.out" 2>&1 || rc=$?
if [ "$rc" != 0 ] || ! grep -q "test result: ok. 2 passed" "$work/page.out"; then
  tail -30 "$work/page.out" >&2
  err "the page under Wine: exit $rc"
else
  echo "  ok  page: double-click, drop, preview, save ($(grep -c '^test .* ok$' "$work/page.out") tests)" >&2
fi
if [ -s "$work/page/tai-ve-duoi-wine.docx" ]; then
  if command -v libreoffice >/dev/null 2>&1; then
    profile=$(mktemp -d)
    libreoffice --headless "-env:UserInstallation=file://$profile" --convert-to pdf \
      --outdir "$work/page" "$work/page/tai-ve-duoi-wine.docx" >/dev/null 2>&1 || true
    rm -rf "$profile"
    if pdftotext "$work/page/tai-ve-duoi-wine.pdf" - 2>/dev/null | grep -q "BÁO CÁO"; then
      echo "  ok  the DOCX downloaded from the page under Wine opens in LibreOffice" >&2
    else
      err "the DOCX downloaded under Wine: LibreOffice did not open it to text with BÁO CÁO"
    fi
  fi
elif [ "$rc" = 0 ]; then
  err "the page under Wine: no DOCX downloaded"
fi

step "unit tests under Wine"
# The test exe with the ProcessPrng stub beside it (Wine looks there first);
# run from the repository: the tests read their fixtures by absolute path.
mkdir -p "$work/unit"
cp "$unit_exe" "$work/unit/baocao-tests.exe"
cp "$work/bcryptprimitives.dll" "$work/unit/"
rc=0
(cd "$repo" && wine "$work/unit/baocao-tests.exe" --test-threads=2 -q) >"$work/unit.out" 2>&1 || rc=$?
tail -3 "$work/unit.out" | sed 's/^/  /' >&2
if [ "$rc" != 0 ]; then
  { grep -E "^test .* FAILED|panicked|^failures:" "$work/unit.out" || true; } | head -20 >&2
  err "unit tests under Wine: exit $rc"
elif ! grep -qE "^test result: ok\. [1-9][0-9]* passed; 0 failed" "$work/unit.out"; then
  err "unit tests under Wine: no passing test result in their output"
fi

step "done"
[ "$fail" = 0 ] || { echo "windows-wine: FAILED" >&2; exit 1; }
echo "windows-wine: all checks passed" >&2
