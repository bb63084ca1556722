#!/usr/bin/env python3
"""Time from a key to the program's next frame, in a pseudo-terminal.

    scripts/tab-visits.py BIN DB [--size 80x24] [--lang zh] [--quiet 3]

Starts `BIN --db DB` at the size given, waits for its first screen (the
first frame, and the last write before the screen stays quiet), then
presses Tab five times (each tab's first visit) and, in 五老 and 积分, the
keys that read a whole table (s: the roster's status filter; l: the next
peer group). For each key it prints the time to the first byte the program
writes after it (its next frame), the time to the last byte before the
screen stays quiet for --quiet seconds (the tab or answer complete), and
the bytes of both. A frame is written in one piece, so its first byte is
when it was drawn.

With --starts N it only starts the program N times, each time reading
until a second of quiet and quitting, and prints the first frame, the last
write of the first screen and the CPU time (user + system) from start to
exit, then their medians.

Use a copy of a database: the program may write to the one it opens.
"""

import argparse
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time


def read_until_quiet(fd, quiet, first_deadline=None):
    """Reads until nothing came for `quiet` seconds; returns the chunks
    with their arrival times."""
    chunks = []
    while True:
        wait = quiet
        if not chunks and first_deadline is not None:
            wait = max(first_deadline - time.monotonic(), 0.01)
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            if chunks or first_deadline is None or time.monotonic() >= first_deadline:
                return chunks
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return chunks
        if not data:
            return chunks
        chunks.append((time.monotonic(), data))


def spawn(a, cols, rows):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(
            {"TERM": "xterm-256color", "LANG": "C.UTF-8", "GGW_LANG": a.lang}
        )
        os.execv(a.bin, [a.bin, "--db", a.db])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def starts(a, cols, rows):
    firsts, completes, cpus = [], [], []
    for _ in range(a.starts):
        start = time.monotonic()
        pid, fd = spawn(a, cols, rows)
        chunks = read_until_quiet(fd, 1.0, first_deadline=start + 120)
        os.write(fd, b"q")
        read_until_quiet(fd, 0.5)
        _, _, usage = os.wait4(pid, 0)
        os.close(fd)
        if not chunks:
            print("no first screen", file=sys.stderr)
            continue
        firsts.append(1000 * (chunks[0][0] - start))
        completes.append(1000 * (chunks[-1][0] - start))
        cpus.append(1000 * (usage.ru_utime + usage.ru_stime))
        print(f"first frame {firsts[-1]:6.1f} ms  complete {completes[-1]:6.1f} ms  "
              f"CPU start to exit {cpus[-1]:5.0f} ms")
    if firsts:
        med = lambda v: sorted(v)[len(v) // 2]
        print(f"median: first frame {med(firsts):.1f} ms, complete {med(completes):.1f} ms, "
              f"CPU {med(cpus):.0f} ms")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bin")
    ap.add_argument("db")
    ap.add_argument("--size", default="80x24")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--quiet", type=float, default=3.0)
    ap.add_argument("--starts", type=int, default=0)
    a = ap.parse_args()
    cols, rows = (int(x) for x in a.size.split("x"))
    if a.starts:
        starts(a, cols, rows)
        return

    start = time.monotonic()
    pid, fd = spawn(a, cols, rows)
    first = read_until_quiet(fd, a.quiet, first_deadline=start + 120)
    if not first:
        print("no first screen", file=sys.stderr)
        sys.exit(1)
    # The first frame may be the opening screen, the tree following it.
    print(f"first screen: first frame {1000 * (first[0][0] - start):.0f} ms, "
          f"complete {1000 * (first[-1][0] - start):.0f} ms, "
          f"{sum(len(d) for _, d in first)} bytes in {len(first)} writes")

    def press(label, key):
        t0 = time.monotonic()
        os.write(fd, key)
        chunks = read_until_quiet(fd, a.quiet, first_deadline=t0 + 60)
        if not chunks:
            print(f"{label:16} no frame")
            return
        t_first = chunks[0][0] - t0
        t_last = chunks[-1][0] - t0
        first_bytes = len(chunks[0][1])
        total = sum(len(d) for _, d in chunks)
        print(f"{label:16} first frame {1000 * t_first:7.1f} ms  "
              f"complete {1000 * t_last:7.1f} ms  "
              f"bytes first {first_bytes:5}  all {total:5}  writes {len(chunks)}")

    names = ["五老", "会议", "工作", "三创", "积分"]
    for i, name in enumerate(names):
        press(f"Tab → {name}", b"\t")
        if name == "五老":
            press("五老 s (status)", b"s")
            press("五老 s (status)", b"s")
        if name == "积分":
            press("积分 l (group)", b"l")
            press("积分 l (group)", b"l")
    os.write(fd, b"q")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        read_until_quiet(fd, 0.2)


if __name__ == "__main__":
    main()
