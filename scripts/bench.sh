#!/usr/bin/env bash
# One table: ggw at each scale beside tig, htop and calcurse, each run in an
# 80×24 pseudo-terminal (benches/pty/). Installs the peers with apt-get
# when run as root and they are missing.
#
#   scripts/bench.sh             print the table
#   scripts/bench.sh --write     also put it into BENCHMARKS.md
#
# GGW_BENCH_SCALES=district,city,province, GGW_BENCH_IDLE_SECS=10,
# GGW_BENCH_PEERS=tig,htop,calcurse narrow or lengthen the run.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for p in tig htop calcurse; do
  command -v "$p" >/dev/null || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "NOTE: ${missing[*]} not installed (apt-get install ${missing[*]}); their columns are left out" >&2
  fi
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
cargo bench --bench pty 2>/dev/null | sed -n '/^Measured /,$p' | tee "$out"

if [ "${1:-}" = --write ]; then
  python3 - "$out" <<'PY'
import sys, re
table = open(sys.argv[1]).read().strip()
path = "BENCHMARKS.md"
text = open(path).read()
begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
new = f"{begin}\n{table}\n{end}"
text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda _: new, text, flags=re.S)
open(path, "w").write(text)
PY
  echo "BENCHMARKS.md updated" >&2
fi
