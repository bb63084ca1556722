#!/usr/bin/env bash
# The torture tests in their long form. Each part is bounded; `cargo test`
# (and CI) runs the same tests in their quick form.
#
#   scripts/torture.sh            crash ×200, disk full, damaged copies ×200,
#                                 proptest ×20000,
#                                 terminal: 300 random runs + 120 s in a pty,
#                                 7,000 hostile clients at ggw serve,
#                                 fuzz 60 s/target
#   scripts/torture.sh quick      crash ×20, disk full, damaged copies ×20,
#                                 proptest ×512,
#                                 terminal: 4 runs + 4 s in a pty,
#                                 300 hostile clients, no fuzz
#
# Environment: GGW_TORTURE_CYCLES (crash cycles), GGW_DAMAGED_COPIES
# (damaged copies of a database), GGW_TORTURE_SEED (replay a run),
# PROPTEST_CASES, GGW_TUI_TORTURE_CASES (random runs of the update function),
# GGW_PTY_TORTURE_SECS (the real program in a pty), FUZZ_SECONDS (per
# target; 0 skips cargo-fuzz), FUZZ_TARGETS (some targets only),
# GGW_HOSTILE_CONNECTIONS (malformed, idle and unfinished connections).
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
    export GGW_TUI_TORTURE_CASES=${GGW_TUI_TORTURE_CASES:-300}
    export GGW_PTY_TORTURE_SECS=${GGW_PTY_TORTURE_SECS:-120}
    export GGW_HOSTILE_CONNECTIONS=${GGW_HOSTILE_CONNECTIONS:-7000}
    ;;
  quick)
    export PROPTEST_CASES=${PROPTEST_CASES:-512}
    fuzz_seconds=${FUZZ_SECONDS:-0}
    export GGW_HOSTILE_CONNECTIONS=${GGW_HOSTILE_CONNECTIONS:-300}
    ;;
  *)
    echo "usage: $0 [full|quick]" >&2
    exit 2
    ;;
esac

# Release build: 200 crash cycles take minutes instead of a quarter hour.
echo "== crash (SIGKILL at random moments), disk full, damaged copies, hostile data"
cargo test --release --test integration -- --nocapture torture::crash:: torture::diskfull:: torture::damaged:: torture::hostile_data::

echo "== proptest fuzz ($PROPTEST_CASES cases per property)"
cargo test --release --test integration -- torture::fuzz_props:: torture::fuzz_inputs::

echo "== terminal: random input at the update function, then the real program in a pty"
cargo test --release --test integration -- --nocapture torture::tui:: torture::tui_pty::

echo "== hostile clients at ggw serve ($GGW_HOSTILE_CONNECTIONS connections), limits, memory budget"
cargo test --release --test integration -- --nocapture --include-ignored server::abuse::

if [ "$fuzz_seconds" != 0 ]; then
  echo "== cargo-fuzz, ${fuzz_seconds}s per target"
  FUZZ_SECONDS=$fuzz_seconds scripts/fuzz.sh
fi
echo "torture: all passed"
