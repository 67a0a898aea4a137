#!/usr/bin/env bash
# The sample report as DOCX, opened by LibreOffice (headless, fresh profile)
# and printed to PDF: the embedded family must be the one used, and the text
# (Vietnamese diacritics included) must come out intact.
# A second variant embeds the faces renamed to "Baocaotest Serif", a family no
# machine has installed: if pdffonts names it, LibreOffice used the embedded font.
# Then DOCX files the CLI writes (landscape annex, a ward report, odd names,
# fallback fonts for CJK and emoji) are opened the same way.
# Needs: libreoffice (libreoffice-writer), poppler-utils. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in libreoffice pdffonts pdftotext pdfinfo; do
  command -v "$tool" >/dev/null || { echo "docx-libreoffice: $tool not installed" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
err() { echo "FAIL: $*" >&2; fail=1; }

cargo run --quiet --example docx_sample -- "$work/sample.docx"
cargo run --quiet --example docx_sample -- "$work/renamed.docx" --renamed

convert() {  # a fresh profile per run: LibreOffice caches embedded fonts
  local profile
  profile=$(mktemp -d)
  libreoffice --headless "-env:UserInstallation=file://$profile" \
    --convert-to pdf --outdir "$(dirname "$1")" "$1" >/dev/null 2>&1
  rm -rf "$profile"
  [ -s "${1%.docx}.pdf" ] || err "LibreOffice did not convert $1"
}
convert "$work/sample.docx"
convert "$work/renamed.docx"
[ "$fail" = 0 ] || exit 1

check_fonts() {  # pdf family-without-spaces
  local fonts
  fonts=$(pdffonts "$1" | tail -n +3)
  echo "$fonts" | sed 's/^/  /'
  for face in "$2 " "$2-Bold " "$2-Italic " "$2-BoldItalic "; do
    echo "$fonts" | grep -q "+$face" || err "$(basename "$1"): face ${face% } not used"
  done
  if echo "$fonts" | awk '{print $1}' | grep -v -- "$2" | grep -q .; then
    err "$(basename "$1"): another font family was used"
  fi
}
echo "pdffonts sample.pdf:"; check_fonts "$work/sample.pdf" LiberationSerif
echo "pdffonts renamed.pdf:"; check_fonts "$work/renamed.pdf" BaocaotestSerif
if fc-list | grep -qi baocaotest; then
  err "Baocaotest Serif is installed here: the renamed check proves nothing"
fi

for pdf in sample renamed; do
  text=$(pdftotext -enc UTF-8 "$work/$pdf.pdf" -)
  for want in \
    "ĐẢNG BỘ TỈNH HÀ TĨNH" "THỊ ỦY KỲ ANH" "Số 05-BC/Th.U" "ĐẢNG CỘNG SẢN VIỆT NAM" \
    "Kỳ Anh, ngày 15 tháng 8 năm 2019" "BÁO CÁO" \
    "kết quả đại hội chi bộ trực thuộc đảng bộ cơ sở," \
    "I- ĐẶC ĐIỂM TÌNH HÌNH" "4.283" \
    "Trong số 20 Đảng bộ, Chi bộ trực thuộc, gồm có: 6 Đảng bộ, 14 chi bộ trực thuộc Thị ủy." \
    "Hết sức coi trọng công tác quán triệt, tuyên truyền." \
    "Ảnh minh họa (dữ liệu mẫu)" "Biểu tổng hợp kết quả đại hội chi bộ" "Tổng cộng" \
    "Nơi nhận:" "- Lưu Văn phòng Thị ủy." "T/M BAN THƯỜNG VỤ" "BÍ THƯ" "Nguyễn Văn A"
  do
    grep -qF -- "$want" <<<"$text" || err "$pdf.pdf: text \"$want\" not found"
  done
  # Page numbers: none on page 1, "2" heading page 2.
  p1=$(pdftotext -enc UTF-8 -f 1 -l 1 "$work/$pdf.pdf" - | sed '/^\s*$/d' | head -1)
  p2=$(pdftotext -enc UTF-8 -f 2 -l 2 "$work/$pdf.pdf" - | sed '/^\s*$/d' | head -1)
  [ "$p1" = "ĐẢNG BỘ TỈNH HÀ TĨNH" ] || err "$pdf.pdf: page 1 starts with \"$p1\" (a page number?)"
  [ "$(echo "$p2" | tr -d ' ')" = "2" ] || err "$pdf.pdf: page 2 starts with \"$p2\", not its number"
done

# DOCX files the CLI writes, as a clerk gets them: the 12-ward town report
# (its annex on landscape pages), a ward report (`render --don-vi`), the
# invented huyện case of tests/ref (odd names, landscape annex) and a ward
# report with a CJK and an emoji name set in the fallback fonts.
cargo build --locked --quiet
bin=$PWD/target/debug/baocao
cli=$work/cli
mkdir -p "$cli"
"$bin" -q render data/mau-12-don-vi.yaml -f docx -o "$cli"
"$bin" -q render data/mau-12-don-vi.yaml --don-vi ky-lien -f docx -o "$cli"
"$bin" -q render tests/ref/cases/huyen-bay-xa-phu-luc.yaml -f docx -o "$cli"
fb=$work/fallback
mkdir -p "$fb/tpl/fonts"
cp tests/fixtures/fonts/DroidSansFallback-subset.ttf tests/fixtures/fonts/UnifontUpper-subset.ttf "$fb/tpl/fonts/"
printf 'fonts:\n  fallback:\n    - fonts/DroidSansFallback-subset.ttf\n    - fonts/UnifontUpper-subset.ttf\n' \
  > "$fb/tpl/settings.yaml"
grep -q '^      - ten: TDP 1$' tests/fixtures/data/nho.yaml || err "nho.yaml: no cell \"TDP 1\" to rename"
sed 's/^      - ten: TDP 1$/      - ten: Chi bộ 河内 🌸/' tests/fixtures/data/nho.yaml > "$fb/fallback.yaml"
(cd "$fb" && "$bin" -q render fallback.yaml --templates tpl --don-vi a -f docx -o "$cli")
mv "$cli/a.docx" "$cli/fallback-a.docx"
for f in mau-12-don-vi ky-lien huyen-bay-xa-phu-luc fallback-a; do
  [ -s "$cli/$f.docx" ] || err "the CLI did not write $f.docx"
  convert "$cli/$f.docx"
done
[ "$fail" = 0 ] || exit 1

# uses PDF FAMILY FACE...: LibreOffice set the text in these faces of FAMILY
# and in no other family but the fallback fonts (DroidSansFallback, UnifontUpper).
uses() {
  local pdf=$1 family=$2 fonts face
  shift 2
  fonts=$(pdffonts "$pdf" | tail -n +3)
  echo "pdffonts $(basename "$pdf"):"; echo "$fonts" | sed 's/^/  /'
  for face in "$@"; do
    echo "$fonts" | grep -q "+$face " || err "$(basename "$pdf"): face $face not used"
  done
  if echo "$fonts" | awk '{print $1}' | grep -v -e "+$family" -e '+DroidSansFallback$' -e '+UnifontUpper$' \
    -e '^$' | grep -q .; then
    err "$(basename "$pdf"): another font family was used"
  fi
}
# pages_landscape PDF: how many pages are wider than tall.
pages_landscape() {
  pdfinfo -f 1 -l 999 "$1" | awk '/^Page +[0-9]+ size:/ { if ($4 > $6) n++ } END { print n + 0 }'
}
# has PDF TEXT...: each text is in the PDF's text (whitespace runs as one space).
has() {
  local pdf=$1 text
  shift
  text=$(pdftotext -enc UTF-8 "$pdf" - | tr -s ' \n\t' ' ')
  for want in "$@"; do
    grep -qF -- "$want" <<<"$text" || err "$(basename "$pdf"): text \"$want\" not found"
  done
}
uses "$cli/mau-12-don-vi.pdf" LiberationSerif LiberationSerif LiberationSerif-Bold
has "$cli/mau-12-don-vi.pdf" "THỊ ỦY KỲ ANH" "Số 99-BC/Th.U" "Kỳ Liên" "Tổng cộng" "Nơi nhận:" "Trần Thị B"
[ "$(pages_landscape "$cli/mau-12-don-vi.pdf")" -ge 1 ] || err "mau-12-don-vi.pdf: the annex is not on a landscape page"
uses "$cli/ky-lien.pdf" LiberationSerif LiberationSerif LiberationSerif-Bold
has "$cli/ky-lien.pdf" "BÁO CÁO" "Kỳ Liên" "Nơi nhận:"
[ "$(pages_landscape "$cli/ky-lien.pdf")" = 0 ] || err "ky-lien.pdf: a landscape page in a ward report"
uses "$cli/huyen-bay-xa-phu-luc.pdf" LiberationSerif LiberationSerif LiberationSerif-Bold
has "$cli/huyen-bay-xa-phu-luc.pdf" "HUYỆN UỶ MẪU LÂM" "*Sao* Mai" "Hồ_Tây [^9]" \
  "Quỳnh Lưu Thượng Nguồn Bên Kia Sông Xa Xôi" "Tổng cộng"
[ "$(pages_landscape "$cli/huyen-bay-xa-phu-luc.pdf")" -ge 1 ] || err "huyen-bay-xa-phu-luc.pdf: the annex is not on a landscape page"
uses "$cli/fallback-a.pdf" LiberationSerif LiberationSerif DroidSansFallback UnifontUpper
has "$cli/fallback-a.pdf" "河内" "🌸"

if [ "$fail" = 0 ]; then echo "docx-libreoffice: OK"; fi
exit "$fail"
