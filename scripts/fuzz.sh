#!/usr/bin/env bash
# Coverage-guided fuzzing of every target under fuzz/, each for a bounded
# time (FUZZ_SECONDS, default 60). Needs a nightly toolchain and cargo-fuzz
# (`cargo install cargo-fuzz`). New inputs go to a scratch corpus; the small
# corpus checked in under fuzz/corpus/ only seeds the run. A crash leaves
# its input in fuzz/artifacts/ and fails the script. FUZZ_TARGETS="keymap
# wire" runs only those.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${FUZZ_SECONDS:-60}
# Sanitizer builds keep to their own folder, apart from the stable ones.
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$PWD/target}
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "SKIPPED: no nightly toolchain (rustup toolchain install nightly); the proptest versions in tests/torture/fuzz_props.rs and tests/torture/fuzz_inputs.rs still run" >&2
  exit 0
fi
if ! cargo +nightly fuzz --help >/dev/null 2>&1; then
  echo "SKIPPED: cargo-fuzz is not installed (cargo install cargo-fuzz); the proptest versions in tests/torture/fuzz_props.rs and tests/torture/fuzz_inputs.rs still run" >&2
  exit 0
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in ${FUZZ_TARGETS:-$(cargo +nightly fuzz list)}; do
  echo "-- $target (${seconds}s)"
  mkdir -p "$scratch/$target"
  if ! cargo +nightly fuzz run "$target" "$scratch/$target" "corpus/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=1024 -print_final_stats=1 \
      >"$scratch/$target.log" 2>&1; then
    tail -40 "$scratch/$target.log" >&2
    echo "fuzz target $target failed; its input is in fuzz/artifacts/$target" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^Done' "$scratch/$target.log" || true
done
echo "fuzz: all targets ran ${seconds}s without a crash"
