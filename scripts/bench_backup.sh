#!/usr/bin/env bash
# Backup and restore at one scale of `ggw gen`: time, peak RSS, the file's
# size against the database folder's, and the server's peak RSS while it
# streams a backup to a client. Release build; times are wall clock.
#
#   scripts/bench_backup.sh [district|city|province] [WORKDIR]
#
# WORKDIR keeps the generated database between runs (a province takes
# many minutes to generate); it defaults to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-district}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
# GGW_BIN: a release binary built already (the build takes minutes on a
# busy machine).
ggw=${GGW_BIN:-}
if [ -z "$ggw" ]; then
    cargo build --release --bin ggw >&2
    ggw=$PWD/target/release/ggw
fi
db=$work/$scale.db
# The clients below must open the database or the server named here, never
# a server of the user's own.
export XDG_RUNTIME_DIR=$work
unset GGW_SOCKET GGW_DB

if [ ! -e "$db/db" ]; then
    "$ggw" gen --scale "$scale" --seed 1 --db "$db" >/dev/null
fi

# Runs a command, printing "seconds peak_RSS_KiB".
measure() {
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null
    cat "$work/time.txt"
}

file=$work/$scale.jsonl.gz
rm -rf "$file" "$work/restored.db"
read -r b_secs b_rss < <(measure "$ggw" backup --db "$db" -o "$file")
read -r v_secs v_rss < <(measure "$ggw" backup --verify "$file")
read -r r_secs r_rss < <(measure "$ggw" restore "$file" --db "$work/restored.db")
records=$("$ggw" --lang en backup --verify "$file" | awk '$1 != "meta" && $2 ~ /^[0-9]+$/ { n += $2 } END { print n }')

# The server's peak RSS (VmHWM) once started, then after it has streamed a
# backup to a client: what the backup adds to the server.
sock=$work/s.sock
rm -f "$sock"
"$ggw" serve --db "$db" --socket "$sock" 2>/dev/null &
server=$!
for _ in $(seq 600); do [ -S "$sock" ] && break; sleep 0.1; done
hwm() { awk '/^VmHWM/ { print $2 }' "/proc/$server/status"; }
s_idle=$(hwm)
read -r s_secs _ < <(measure "$ggw" --socket "$sock" --db "$db" backup -o "$work/served.jsonl.gz")
s_backup=$(hwm)
kill -TERM "$server"
wait "$server" || true

db_kib=$(du -sk "$db" | cut -f1)
restored_kib=$(du -sk "$work/restored.db" | cut -f1)
file_kib=$(( $(stat -c %s "$file") / 1024 ))
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }

cat <<TABLE
| $scale (seed 1), $records records | time | peak RSS |
|---|---|---|
| \`ggw backup -o\` (database opened directly) | ${b_secs} s | $(mib "$b_rss") |
| \`ggw backup --verify\` | ${v_secs} s | $(mib "$v_rss") |
| \`ggw restore\` (indexes rebuilt, then every check of \`ggw check\`) | ${r_secs} s | $(mib "$r_rss") |
| \`ggw backup -o\` through \`ggw serve\`: the server's peak before / after | ${s_secs} s | $(mib "$s_idle") / $(mib "$s_backup") |

| size | |
|---|---|
| database folder | $(mib "$db_kib") |
| backup file | $(mib "$file_kib") ($(awk -v f="$file_kib" -v d="$db_kib" 'BEGIN { printf "%.1f", 100 * f / d }') % of the folder) |
| restored database folder | $(mib "$restored_kib") |
TABLE
