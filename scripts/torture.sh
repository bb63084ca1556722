#!/usr/bin/env bash
# The torture tests in their long form. Each part is bounded; `cargo test`
# (and CI) runs the same tests in their quick form.
#
#   scripts/torture.sh            crash ×200, disk full, proptest ×20000, fuzz 60 s/target
#   scripts/torture.sh quick      crash ×20, disk full, proptest ×512, no fuzz
#
# Environment: GGW_TORTURE_CYCLES (crash cycles), GGW_TORTURE_SEED (replay
# a run), PROPTEST_CASES, FUZZ_SECONDS (per target; 0 skips cargo-fuzz).
# The disk-full test mounts a tmpfs as root and falls back to RLIMIT_FSIZE
# elsewhere (GGW_DISKFULL=rlimit forces the fallback).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-full}
case "$mode" in
  full)
    export GGW_TORTURE=full
    export PROPTEST_CASES=${PROPTEST_CASES:-20000}
    fuzz_seconds=${FUZZ_SECONDS:-60}
    ;;
  quick)
    fuzz_seconds=${FUZZ_SECONDS:-0}
    ;;
  *)
    echo "usage: $0 [full|quick]" >&2
    exit 2
    ;;
esac

# Release build: 200 crash cycles take minutes instead of a quarter hour.
echo "== crash (SIGKILL at random moments), disk full, hostile data"
cargo test --release --test torture_crash --test torture_diskfull --test hostile_data -- --nocapture

echo "== proptest fuzz (${PROPTEST_CASES:-512} cases per property)"
cargo test --release --test fuzz_props

if [ "$fuzz_seconds" != 0 ]; then
  echo "== cargo-fuzz, ${fuzz_seconds}s per target"
  FUZZ_SECONDS=$fuzz_seconds scripts/fuzz.sh
fi
echo "torture: all passed"
