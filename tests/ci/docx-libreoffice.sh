#!/usr/bin/env bash
# The sample report as DOCX, opened by LibreOffice (headless, fresh profile)
# and printed to PDF: the embedded family must be the one used, and the text
# (Vietnamese diacritics included) must come out intact.
# A second variant embeds the faces renamed to "Baocaotest Serif", a family no
# machine has installed: if pdffonts names it, LibreOffice used the embedded font.
# Needs: libreoffice (libreoffice-writer), poppler-utils. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in libreoffice pdffonts pdftotext; do
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
    --convert-to pdf --outdir "$work" "$1" >/dev/null 2>&1
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

if [ "$fail" = 0 ]; then echo "docx-libreoffice: OK"; fi
exit "$fail"
