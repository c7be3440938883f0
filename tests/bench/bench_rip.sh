#!/bin/sh
# bench_rip.sh: `discwright rip` against `cdrdao read-cd --read-raw
# --read-subchan rw_raw` on the same virtual CD, with the drive's speed
# model on (8x, 2 ms a command, 80 ms a seek): clean, and with 1 % of the
# sectors unreadable.  Prints for each tool the wall time, the sectors
# its read commands asked for divided by the sectors on the disc (from
# the drive's --log trace), its exit code and peak RSS; then the wall
# ratio rip / cdrdao.  Then a 4.7 GB DVD (a sparse ISO, no speed limit):
# wall time and peak RSS of the rip.  The rip reads as a dump does (no
# test and copy, no track files: bench_audio.sh measures those).  Not a
# test: `make bench-rip`.
#
#   bench_rip.sh BUILDDIR [SECTORS]
# SECTORS (default 100000, about 22 minutes of audio; env BENCH_RIP_SECTORS)
# sets the CD's size: at 8x every pass costs SECTORS / 600 seconds.
# BENCH_RIP_DVD=0 skips the DVD case; BENCH_RIP_TMP sets the scratch
# directory (the DVD case writes a 4.7 GB image there).
set -eu
b=${1:?usage: bench_rip.sh BUILDDIR [SECTORS]}
n=${2:-${BENCH_RIP_SECTORS:-100000}}
dw=$b/cli/discwright
vd=$b/tests/vdrive/dw-vdrive
src=$b/samples/out/audio.img
[ -x "$dw" ] || { echo "bench_rip: $dw not built" >&2; exit 1; }
[ -x "$vd" ] || { echo "bench_rip: $vd not built (make check or make tests/vdrive/dw-vdrive)" >&2; exit 1; }
[ -r "$src" ] || { echo "bench_rip: $src missing (make samples)" >&2; exit 1; }
cdrdao=$(command -v cdrdao || true)
py=/usr/bin/python3
[ -x "$py" ] || py=python3
tmp=$(mktemp -d "${BENCH_RIP_TMP:-/tmp}/bench-rip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The disc: 10 audio tracks over n sectors, the samples' audio repeated
# (content does not matter here); Q comes from the TOC (no .sub).
"$py" - "$tmp/disc" "$n" "$src" <<'PY'
import sys
base, n, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
audio = open(src, "rb").read()
with open(base + ".img", "wb") as f:
    left = n * 2352
    while left > 0:
        k = min(left, len(audio))
        f.write(audio[:k])
        left -= k
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
# 1 % unreadable: 10 sectors in every 1000, away from track starts.
with open(base + ".faults", "w") as f:
    f.write("# 1 %% of the sectors unreadable (block 2352)\n0x0 +\n")
    pos = 0
    for lba in range(500, n - 10, 1000):
        if lba > pos:
            f.write("0x%X 0x%X +\n" % (pos * 2352, (lba - pos) * 2352))
        f.write("0x%X 0x%X -\n" % (lba * 2352, 10 * 2352))
        pos = lba + 10
    f.write("0x%X 0x%X +\n" % (pos * 2352, (n - pos) * 2352))
PY

export DW_VDRIVE_CMD_MS=2 DW_VDRIVE_SEEK_MS=80

# Sectors asked for by the read commands in a vdrive trace.
read_sectors() {
    "$py" - "$1" <<'PY'
import sys
total = 0
for line in open(sys.argv[1], errors="replace"):
    if not line.startswith("mmc "):
        continue
    cdb = [int(x, 16) for x in line[4:].split(" -> ")[0].split()]
    op = cdb[0]
    if op == 0xBE:
        total += cdb[6] << 16 | cdb[7] << 8 | cdb[8]
    elif op == 0xB9:
        total += max(0, (cdb[6] * 60 + cdb[7]) * 75 + cdb[8] - ((cdb[3] * 60 + cdb[4]) * 75 + cdb[5]))
    elif op == 0xD8 or op == 0xA8:
        total += cdb[6] << 24 | cdb[7] << 16 | cdb[8] << 8 | cdb[9]
    elif op == 0x28:
        total += cdb[7] << 8 | cdb[8]
print(total)
PY
}

# measure LABEL SECTORS IMAGE FAULTS(or -) SPEED CMD...: one run; prints a line.
measure() {
    label=$1 total=$2 image=$3 faults=$4 speed=$5
    shift 5
    log=$tmp/trace.log
    rm -f "$log"
    set -- --speed "$speed" --log "$log" "$image" -- "$@"
    [ "$faults" = - ] || set -- --faults "$faults" "$@"
    t0=$(date +%s.%N)
    rc=0
    /usr/bin/time -v -o "$tmp/time.out" "$vd" "$@" >"$tmp/run.out" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    wall=$(echo "$t1 - $t0" | bc)
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time.out")
    reads=$(read_sectors "$log")
    printf '%-28s %9.2f s  reads/disc %6.3f  exit %3d  peak RSS %7s KiB\n' "$label" "$wall" \
        "$(echo "$reads / $total" | bc -l)" "$rc" "$rss"
    echo "$wall" >"$tmp/last.wall"
}

echo "CD: $n sectors ($((n / 4500)) min), 10 audio tracks; drive 8x, 2 ms a command, 80 ms a seek"
printf 'pure transfer time at 8x: %.1f s\n' "$(echo "$n / 600" | bc -l)"
for case in clean faults; do
    f=-
    [ $case = faults ] && f=$tmp/disc.faults
    rm -rf "$tmp/rip"
    mkdir -p "$tmp/rip"
    measure "rip ($case)" "$n" "$tmp/disc.ccd" "$f" 8 "$dw" -q rip /dev/sr0 -o "$tmp/rip/x" --format bincue --retries 1 \
        --no-test-copy --audio none
    r=$(cat "$tmp/last.wall")
    if [ -n "$cdrdao" ]; then
        rm -rf "$tmp/cd"
        mkdir -p "$tmp/cd"
        measure "cdrdao read-cd ($case)" "$n" "$tmp/disc.ccd" "$f" 8 \
            sh -c 'cd "$1" && exec "$2" read-cd --device /dev/sr0 --read-raw --read-subchan rw_raw --datafile x.bin x.toc' \
            _ "$tmp/cd" "$cdrdao"
        c=$(cat "$tmp/last.wall")
        printf 'ratio rip / cdrdao wall (%s): %.2f\n' "$case" "$(echo "$r / $c" | bc -l)"
    else
        echo "cdrdao not installed: no comparison"
    fi
done
rm -rf "$tmp/rip" "$tmp/cd" "$tmp/disc.img"

if [ "${BENCH_RIP_DVD:-1}" != 0 ]; then
    iso=$tmp/dvd.iso
    truncate -s 4700372992 "$iso"
    mkdir -p "$tmp/dvd"
    echo "DVD: 4,700,372,992-byte sparse ISO (2,295,104 sectors), no speed limit"
    measure "rip DVD (iso)" 2295104 "$iso" - 0 "$dw" -q rip /dev/sr0 -o "$tmp/dvd/x" --format iso
fi
