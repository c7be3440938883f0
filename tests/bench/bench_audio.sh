#!/bin/sh
# bench_audio.sh: what secure audio ripping costs, on the virtual drive's
# 8x speed model (2 ms a command, 80 ms a seek, a 2 MB read cache).  An
# audio CD of SECTORS sectors in 10 tracks is ripped
#   - as a plain dump (no verification), the baseline,
#   - with AccurateRip answers proving every track (read once),
#   - with answers proving half the tracks (the rest read twice),
#   - with no answers (every track read twice: test and copy),
# and read by cdparanoia in its paranoia mode (all tracks, WAV).  Prints
# the wall time of each and its ratio to the pure transfer time
# (SECTORS / 600 s at 8x), the time the drive model was busy over the
# same (commands, seeks and transfer from the drive's trace: the wall
# time less the host's share, which this loaded machine inflates), the
# sectors read over the disc's and the read commands, and the ratio
# against whipper-style test and copy (2.0x
# by construction: every track read twice) and against cdparanoia.  The
# rips write BINs only (--audio none) so the times are reading; one more
# rip with FLAC shows what encoding adds.  The AccurateRip answers are
# packed from `discwright verify --audio` sums (this is a benchmark, the
# tests check those sums independently).  Not a test: `make bench-audio`.
#
#   bench_audio.sh BUILDDIR [SECTORS]     (env BENCH_AUDIO_SECTORS, default 30000)
# DW_VDRIVE_MAX_SECTORS_KB sets the drive's transfer limit (default 128,
# a SATA drive's), which sets the rip's sectors per command.
set -eu
b=${1:?usage: bench_audio.sh BUILDDIR [SECTORS]}
n=${2:-${BENCH_AUDIO_SECTORS:-30000}}
dw=$b/cli/discwright
vd=$b/tests/vdrive/dw-vdrive
src=$b/samples/out/audio.img
[ -x "$dw" ] || { echo "bench_audio: $dw not built" >&2; exit 1; }
[ -x "$vd" ] || { echo "bench_audio: $vd not built (make check or make tests/vdrive/dw-vdrive)" >&2; exit 1; }
[ -r "$src" ] || { echo "bench_audio: $src missing (make samples)" >&2; exit 1; }
py=python3
tmp=$(mktemp -d "${BENCH_AUDIO_TMP:-/tmp}/bench-audio.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The disc: 10 audio tracks, the samples' audio repeated; a CloneCD TOC.
"$py" - "$tmp/disc" "$n" "$src" <<'PY'
import sys
base, n, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
audio = open(src, "rb").read()
with open(base + ".img", "wb") as f:
    left, i = n * 2352, 0
    while left > 0:
        k = min(left, len(audio))
        f.write(audio[:k][::-1] if i % 2 else audio[:k])    # not periodic
        left -= k
        i += 1
tracks = 10
starts = [i * (n // tracks) for i in range(tracks)]
def msf(lba):
    lba += 150
    return lba // 4500, (lba // 75) % 60, lba % 75
def entry(i, point, pmsf, plba):
    return ("[Entry %d]\nSession=1\nPoint=0x%02x\nADR=0x01\nControl=0x00\nTrackNo=0\nAMin=0\nASec=0\n"
            "AFrame=0\nALBA=-150\nZero=0\nPMin=%d\nPSec=%d\nPFrame=%d\nPLBA=%d\n"
            % (i, point, pmsf[0], pmsf[1], pmsf[2], plba))
out = ["[CloneCD]\nVersion=3\n[Disc]\nTocEntries=%d\nSessions=1\nDataTracksScrambled=0\nCDTextLength=0\n"
       "[Session 1]\nPreGapMode=0\nPreGapSubC=0\n" % (3 + tracks)]
out.append(entry(0, 0xA0, (1, 0, 0), 4350))
out.append(entry(1, 0xA1, (tracks, 0, 0), tracks * 4500))
out.append(entry(2, 0xA2, msf(n), n))
for i, s in enumerate(starts):
    out.append(entry(3 + i, i + 1, msf(s), s))
for i, s in enumerate(starts):
    out.append("[TRACK %d]\nMODE=0\nINDEX 1=%d\n" % (i + 1, s))
open(base + ".ccd", "w").write("".join(out))
PY

# AccurateRip answers: every track, and every other track.
"$dw" verify --audio "$tmp/disc.ccd" >"$tmp/sums.txt"
"$py" - "$tmp/sums.txt" "$tmp" <<'PY'
import re, struct, sys
t = open(sys.argv[1]).read()
n, a, b, c = re.search(r"disc id (\d+)-(\w+)-(\w+)-(\w+)", t).groups()
tr = re.findall(r"v1 (\w+) v2 (\w+) frame450 (\w+)", t)
name = "dBAR-%03d-%s-%s-%s.bin" % (int(n), a, b, c)
for label, keep in (("all", lambda k: True), ("half", lambda k: k % 2 == 0)):
    out = struct.pack("<BIII", int(n), int(a, 16), int(b, 16), int(c, 16))
    for k, (v1, v2, f) in enumerate(tr):
        out += struct.pack("<BII", 9, int(v2, 16) if keep(k) else 0xDEADBEEF, int(f, 16))
    import os
    os.makedirs(sys.argv[2] + "/" + label, exist_ok=True)
    open(sys.argv[2] + "/" + label + "/" + name, "wb").write(out)
PY

export DW_VDRIVE_CMD_MS=2 DW_VDRIVE_SEEK_MS=80

# Sectors read, read commands, and the seconds the drive model was busy
# (2 ms a command, 80 ms a read not continuing the last, 600 sectors/s):
# the part of the wall time that is the drive's, whatever the host's load.
read_sectors() {
    "$py" - "$1" <<'PY'
import sys
total = cmds = 0
busy = 0.0
head = 0
for line in open(sys.argv[1], errors="replace"):
    if not line.startswith("mmc "):
        continue
    cdb = [int(x, 16) for x in line[4:].split(" -> ")[0].split()]
    busy += 0.002
    n = 0
    if cdb[0] == 0xBE:
        n = cdb[6] << 16 | cdb[7] << 8 | cdb[8]
    elif cdb[0] == 0xA8:
        n = cdb[6] << 24 | cdb[7] << 16 | cdb[8] << 8 | cdb[9]
    if n:
        lba = int.from_bytes(bytes(cdb[2:6]), "big", signed=True)
        busy += (0.080 if lba != head else 0) + n / 600.0
        head = lba + n
        total += n
        cmds += 1
print(total, cmds, "%.3f" % busy)
PY
}

pure=$(echo "$n / 600" | bc -l)
# measure LABEL CMD...: one run on the 8x model; prints a line, keeps the wall time.
measure() {
    label=$1
    shift
    rm -f "$tmp/trace.log"
    t0=$(date +%s.%N)
    rc=0
    "$vd" --speed 8 --log "$tmp/trace.log" "$tmp/disc.ccd" -- "$@" >"$tmp/run.out" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    wall=$(echo "$t1 - $t0" | bc)
    set -- $(read_sectors "$tmp/trace.log")
    printf '%-40s %8.2f s  %5.2fx transfer  drive busy %5.3fx  reads/disc %5.3f  %5d reads  exit %d\n' \
        "$label" "$wall" "$(echo "$wall / $pure" | bc -l)" "$(echo "$3 / $pure" | bc -l)" "$(echo "$1 / $n" | bc -l)" \
        "$2" "$rc"
    echo "$wall" >"$tmp/last.wall"
}
rip() {
    rm -rf "$tmp/rip"
    mkdir -p "$tmp/rip"
    measure "$@"
}

echo "CD: $n sectors ($((n / 4500)) min), 10 audio tracks; drive 8x, 2 ms a command, 80 ms a seek, 2 MB cache," \
    "transfers up to ${DW_VDRIVE_MAX_SECTORS_KB:-128} KiB (DW_VDRIVE_MAX_SECTORS_KB)"
printf 'pure transfer time at 8x: %.1f s\n' "$pure"
rip "dump only (--no-test-copy), baseline" "$dw" -q rip /dev/sr0 -o "$tmp/rip/x" --format bincue --audio none \
    --no-test-copy
base=$(cat "$tmp/last.wall")
rip "rip, AccurateRip proves every track" "$dw" -q rip /dev/sr0 -o "$tmp/rip/x" --format bincue --audio none \
    --accuraterip-db "$tmp/all"
all=$(cat "$tmp/last.wall")
rip "rip, AccurateRip proves half" "$dw" -q rip /dev/sr0 -o "$tmp/rip/x" --format bincue --audio none \
    --accuraterip-db "$tmp/half"
half=$(cat "$tmp/last.wall")
rip "rip, no database (test and copy)" "$dw" -q rip /dev/sr0 -o "$tmp/rip/x" --format bincue --audio none
none=$(cat "$tmp/last.wall")
rip "rip, AccurateRip proves all, FLAC" "$dw" -q rip /dev/sr0 -o "$tmp/rip/x" --format bincue \
    --accuraterip-db "$tmp/all"
flac=$(cat "$tmp/last.wall")
printf 'proving every track costs %.2fx the plain dump\n' "$(echo "$all / $base" | bc -l)"
whipper=$(echo "2 * $pure" | bc -l)
printf 'whipper-style test and copy (every track read twice): %.1f s (2.00x transfer)\n' "$whipper"
printf 'ratio rip / whipper-style: proven %.2f, half proven %.2f, unproven %.2f, proven + FLAC %.2f\n' \
    "$(echo "$all / $whipper" | bc -l)" "$(echo "$half / $whipper" | bc -l)" "$(echo "$none / $whipper" | bc -l)" \
    "$(echo "$flac / $whipper" | bc -l)"
if command -v cdparanoia >/dev/null 2>&1; then
    rm -rf "$tmp/cdp"
    mkdir -p "$tmp/cdp"
    measure "cdparanoia (paranoia mode, all tracks)" sh -c 'cd "$1" && exec cdparanoia -q -d /dev/sr0 -B -- "1-"' _ "$tmp/cdp"
    cdp=$(cat "$tmp/last.wall")
    printf 'ratio rip / cdparanoia: proven %.2f, half proven %.2f, unproven %.2f\n' \
        "$(echo "$all / $cdp" | bc -l)" "$(echo "$half / $cdp" | bc -l)" "$(echo "$none / $cdp" | bc -l)"
else
    echo "cdparanoia not installed: no comparison"
fi
