#!/usr/bin/env bash
# Build baocao.exe for Windows x64 (x86_64-pc-windows-gnu) on Debian, with
# Debian's packages only: rustc-web/cargo-web 1.96 and their standard library
# sources (rust-web-src), built for Windows with -Zbuild-std, linked with
# mingw-w64. The recipe, its risks and how to update it: docs/windows.md.
#
#   scripts/build-windows.sh            # release exe, symbols stripped
#   scripts/build-windows.sh --tests    # also the unit tests' exe (for Wine)
#
# Installs what it needs with apt-get when missing (as root; else it says
# what to install). Output in target/windows/ (its own target folder: another
# compiler than the host build's). The last line printed is the exe's path;
# with --tests, the line before it is the unit tests' exe.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
TARGET_DIR=target/windows
# The exe must fit in the release zip: the issue's bound (24 MB measured).
MAX_BYTES=$((25 * 1000 * 1000))

tests=0
for a in "$@"; do
  case "$a" in
    --tests) tests=1 ;;
    *) echo "build-windows.sh: unknown option $a (use --tests)" >&2; exit 2 ;;
  esac
done

# Debian's Rust, not rustup's: its rust-src matches its compiler exactly,
# which -Zbuild-std needs (docs/windows.md).
RUSTC_BIN=/usr/bin/rustc
CARGO_BIN=/usr/bin/cargo
need=()
[ -x "$RUSTC_BIN" ] || need+=(rustc-web)
[ -x "$CARGO_BIN" ] || need+=(cargo-web)
[ -d /usr/lib/rustlib/src/rust/library/std ] || need+=(rust-web-src)
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "build-windows.sh: missing packages; run as root: apt-get install ${need[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${need[@]}" >/dev/null
fi
sysroot_src="$("$RUSTC_BIN" --print sysroot)/lib/rustlib/src/rust/library"
if [ ! -d "$sysroot_src/std" ]; then
  echo "build-windows.sh: $RUSTC_BIN has no standard library sources at $sysroot_src (package rust-web-src)" >&2
  exit 1
fi

# The mingw tools: linker, and C compiler/archiver for libdeflate and
# mimalloc (built from source by their -sys crates).
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
# -Zbuild-std is unstable: RUSTC_BOOTSTRAP=1 lets a stable compiler take it
# (docs/windows.md, "Risks"). Stripped: 32 MB -> 24 MB.
export RUSTC="$RUSTC_BIN"
export RUSTC_BOOTSTRAP=1
export CARGO_PROFILE_RELEASE_STRIP=symbols
# Cross-crate ThinLTO drops code no caller reaches and merges copies of
# generic functions: the exe had grown to 25.05 MB with the page and the
# .xls reader (docs/windows.md, "Measured"). The Linux build is untouched.
export CARGO_PROFILE_RELEASE_LTO=thin
# Not the host's flags (e.g. target-cpu=native from a user's config).
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS

build=("$CARGO_BIN" build --release --locked --target "$TARGET" --target-dir "$TARGET_DIR"
  -Zbuild-std=std,panic_abort --bin baocao)
echo "build-windows.sh: $("$RUSTC_BIN" -V), $(x86_64-w64-mingw32-gcc -dumpversion | head -1) (mingw-w64 gcc)" >&2
"${build[@]}" >&2

exe="$TARGET_DIR/$TARGET/release/baocao.exe"
size=$(stat -c %s "$exe")
if [ "$size" -gt "$MAX_BYTES" ]; then
  echo "build-windows.sh: $exe is $size bytes, over the $MAX_BYTES bound" >&2
  exit 1
fi
# A clerk's Windows has none of mingw's DLLs: the exe may import system DLLs only.
if command -v x86_64-w64-mingw32-objdump >/dev/null 2>&1; then
  foreign=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' \
    | grep -viE '^(kernel32|ntdll|advapi32|bcrypt|bcryptprimitives|ws2_32|userenv|msvcrt|ucrtbase|api-ms-win-.*|shell32|ole32|user32|secur32|crypt32|shlwapi|oleaut32)\.dll$' || true)
  if [ -n "$foreign" ]; then
    echo "build-windows.sh: $exe needs DLLs Windows does not have: $foreign" >&2
    exit 1
  fi
fi

if [ "$tests" -eq 1 ]; then
  # The library's unit tests for Windows, run under Wine by tests/ci/windows-wine.sh.
  # Release profile like the exe: the dependencies are already built.
  unit=("$CARGO_BIN" test --release --locked --target "$TARGET" --target-dir "$TARGET_DIR"
    -Zbuild-std=std,panic_abort --lib --no-run)
  test_exe=$("${unit[@]}" --message-format=json 2>/dev/null \
    | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | grep '\.exe$' | head -1 || true)
  if [ -z "$test_exe" ]; then
    "${unit[@]}" >&2 # cargo's own messages
    echo "build-windows.sh: no unit-test exe built" >&2
    exit 1
  fi
  echo "${test_exe#"$PWD/"}"
fi
echo "$exe"
