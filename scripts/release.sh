#!/usr/bin/env bash
# Make the release archives clerks are handed:
#   dist/baocao-VERSION-windows-x64.zip    baocao.exe + what a clerk needs
#   dist/baocao-VERSION-linux-x64.tar.gz   the same with the Linux binary
# Each holds one folder baocao-VERSION-PLATFORM/ with: the program, the
# fill-in workbook (du-lieu.xlsx, as `baocao init` writes it), the sample data
# (du-lieu-mau/), LICENSE, the licences of the fonts and of the third-party
# code (giay-phep/), and the Vietnamese guide HUONG-DAN.pdf, typeset by baocao
# itself from docs/huong-dan/HUONG-DAN.md (examples/markdown_pdf.rs).
# Same sources, same archive bytes (fixed dates and order).
#
#   scripts/release.sh            # builds both programs, then packs
#   scripts/release.sh --no-windows   # the Linux tarball only
# The last lines printed are the archives' paths. docs/windows.md says more.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

windows=1
for a in "$@"; do
  case "$a" in
    --no-windows) windows=0 ;;
    *) echo "release.sh: unknown option $a (use --no-windows)" >&2; exit 2 ;;
  esac
done

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
[ -n "$version" ] || { echo "release.sh: no version in Cargo.toml" >&2; exit 1; }

missing=()
for f in LICENSE THIRD-PARTY-NOTICES.txt fonts/LICENSE-LiberationSerif.txt docs/huong-dan/HUONG-DAN.md docs/img/giao-dien.png docs/img/giao-dien-luu.png; do
  [ -s "$f" ] || missing+=("$f")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "release.sh: missing ${missing[*]} (a release must carry its licences and guide)" >&2
  exit 1
fi

echo "release.sh: building baocao $version for Linux" >&2
cargo build --release --locked --quiet --bin baocao
cargo build --release --locked --quiet --example markdown_pdf
linux=target/release/baocao
exe=
if [ "$windows" -eq 1 ]; then
  echo "release.sh: building baocao.exe (scripts/build-windows.sh)" >&2
  exe=$(bash scripts/build-windows.sh | tail -1)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What both archives share.
common=$work/common
mkdir -p "$common/du-lieu-mau" "$common/giay-phep"
cp data/*.yaml "$common/du-lieu-mau/"
"$linux" -q init "$work/init"
cp "$work/init/du-lieu.xlsx" "$common/du-lieu.xlsx"
cp LICENSE "$common/LICENSE"
cp THIRD-PARTY-NOTICES.txt "$common/giay-phep/THIRD-PARTY-NOTICES.txt"
cp fonts/LICENSE-*.txt "$common/giay-phep/"
# The guide with the page's screenshots (docs/img/*.png) beside it: images
# are read from the guide's own folder.
mkdir -p "$work/guide"
cp docs/huong-dan/HUONG-DAN.md docs/img/*.png "$work/guide/"
target/release/examples/markdown_pdf "$work/guide/HUONG-DAN.md" "$common/HUONG-DAN.pdf"

# Fixed dates and order: the same sources give the same archive bytes.
stamp=$(git log -1 --format=%ct 2>/dev/null || echo 0)
mkdir -p dist
pack_zip() {  # folder-name zip-path
  python3 - "$work/$1" "$1" "$2" "$stamp" <<'PY'
import os, sys, time, zipfile
root, top, out, stamp = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
when = time.gmtime(max(stamp, 315532800))[:6]  # zip dates start in 1980
files = []
for d, dirs, names in os.walk(root):
    dirs.sort()
    for n in sorted(names):
        files.append(os.path.join(d, n))
with zipfile.ZipFile(out + ".tmp", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for f in files:
        rel = top + "/" + os.path.relpath(f, root).replace(os.sep, "/")
        info = zipfile.ZipInfo(rel, when)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = (0o755 if os.access(f, os.X_OK) else 0o644) << 16
        with open(f, "rb") as fh:
            z.writestr(info, fh.read())
os.replace(out + ".tmp", out)
PY
}
pack_tar() {  # folder-name tar.gz-path
  tar -C "$work" --sort=name --mtime="@$stamp" --owner=0 --group=0 --numeric-owner \
    -cf - "$1" | gzip -9n >"$2.tmp"
  mv "$2.tmp" "$2"
}

out=()
if [ "$windows" -eq 1 ]; then
  name=baocao-$version-windows-x64
  cp -r "$common" "$work/$name"
  cp "$exe" "$work/$name/baocao.exe"
  pack_zip "$name" "dist/$name.zip"
  out+=("dist/$name.zip")
fi
name=baocao-$version-linux-x64
cp -r "$common" "$work/$name"
cp "$linux" "$work/$name/baocao"
strip "$work/$name/baocao" 2>/dev/null || true
pack_tar "$name" "dist/$name.tar.gz"
out+=("dist/$name.tar.gz")

for f in "${out[@]}"; do
  echo "release.sh: $f $(stat -c %s "$f") bytes, sha256 $(sha256sum "$f" | cut -c1-16)" >&2
done
printf '%s\n' "${out[@]/#/$repo/}"
