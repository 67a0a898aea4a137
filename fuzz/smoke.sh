#!/usr/bin/env bash
# A short fuzzing smoke run: each target for SECONDS_PER_TARGET seconds
# (default 25) from the committed corpus, without saving new inputs.
# Needs cargo-fuzz (installed if missing) and libFuzzer's nightly flags:
# RUSTC_BOOTSTRAP=1 lets the stable compiler take them. `-s none` (no
# sanitizer): Rust code is memory-safe, and ASan needs nightly's std.
# The corpus is also replayed by `cargo test` (tests/fuzz_corpus.rs).
# Usage: fuzz/smoke.sh [TARGET...]; exit 1 on a crash (its input is in
# fuzz/artifacts/TARGET/).
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1
SECONDS_PER_TARGET="${SECONDS_PER_TARGET:-25}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(data markup render pipeline workbook)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz/smoke.sh: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

cargo fuzz build -s none -O
status=0
passed=0
failed=0
for t in "${targets[@]}"; do
  # A scratch copy of the corpus: the run adds inputs to its first folder.
  scratch="$(mktemp -d)"
  cp -r "fuzz/corpus/$t/." "$scratch/"
  log="$(mktemp)"
  dict=()
  case "$t" in data | pipeline) dict=(-dict=fuzz/data.dict) ;; esac
  # Workbooks are zips: their seeds are a few KB to 40 KB.
  max_len=8192
  [ "$t" = workbook ] && max_len=65536
  seeds=("$scratch")
  [ -d "fuzz/regressions/$t" ] && seeds+=("fuzz/regressions/$t")
  if cargo fuzz run -s none -O "$t" "${seeds[@]}" -- "${dict[@]}" \
      -max_total_time="$SECONDS_PER_TARGET" -max_len="$max_len" -timeout=20 \
      -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
    echo "fuzz $t: ok, $runs executions in ${SECONDS_PER_TARGET} s"
    passed=$((passed + 1))
  else
    echo "fuzz $t: FAILED"
    tail -n 60 "$log"
    status=1
    failed=$((failed + 1))
  fi
  rm -rf "$scratch" "$log"
done
echo "fuzz: $passed passed, $failed failed"
exit $status
