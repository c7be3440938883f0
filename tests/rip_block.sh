#!/bin/sh
# rip_block.sh: how many sectors a read command asks for, and the drive's
# transfer limit.  The virtual drive answers its request queue's limits in
# sysfs (/sys/dev/block/11:0/queue/max_hw_sectors_kb, default 128 KiB as a
# SATA drive reports) and, as the kernel does, fails a CDROM_SEND_PACKET
# or SG_IO transfer beyond them with EIO before the drive sees it (a
# "refuse" line in its trace).  Checked on the audio sample, against the
# drive's trace and the sample's own bytes:
#  - cat reads the limit the drive serves;
#  - default limit: the rip reads 47 sectors (2742 bytes each) a command,
#    says why in its log, never goes past 128 KiB, and the image and
#    subchannel are the disc's;
#  - a 32 KiB limit: 11 sectors, no transfer over 32 KiB, bit-exact;
#  - --block 64 on a 32 KiB drive: the refused transfers are halved until
#    they pass, the log says so, bit-exact;
#  - no limit to read: 64 KiB (23 sectors), and the log says why;
#  - read-ahead sends exactly the commands a rip without it sends, in the
#    same order, on a clean disc and on one with unreadable sectors (and
#    the two rips agree on every byte and every bad sector);
#  - a DVD on a 32 KiB drive: 16 sectors a READ(12), the ISO is the disc.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] && [ -f "$out/dvd.iso" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# rip NAME [dw-vdrive options] -- [rip options]: the audio sample, trace in NAME.trace.
rip() {
    name=$1
    shift
    vopts=
    while [ $# -gt 0 ] && [ "$1" != -- ]; do vopts="$vopts $1"; shift; done
    shift
    mkdir -p "$tmp/$name"
    # shellcheck disable=SC2086
    "$vd" --log "$tmp/$name.trace" $vopts "$out/audio.ccd" -- \
        "$dw" -q rip /dev/sr0 -o "$tmp/$name/audio" --format ccd --audio none --no-test-copy "$@" \
        2>"$tmp/$name/err"
}
# reads TRACE OPCODE: "COUNT MAXSECTORS MAXBYTES REFUSED" of that read command in a trace.
reads() {
    python3 - "$1" "$2" <<'PY'
import re, sys
n = maxs = maxb = refused = 0
op = int(sys.argv[2], 16)
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("refuse "):
        refused += 1
        continue
    m = re.match(r"mmc ((?:[0-9A-F]{2} ?)+) -> ok (\d+) bytes", line)
    if not m:
        continue
    cdb = [int(x, 16) for x in m.group(1).split()]
    if cdb[0] != op:
        continue
    count = cdb[6] << 16 | cdb[7] << 8 | cdb[8] if op == 0xBE else int.from_bytes(bytes(cdb[6:10]), "big")
    n += 1
    maxs = max(maxs, count)
    maxb = max(maxb, int(m.group(2)))
print(n, maxs, maxb, refused)
PY
}
same_disc() { cmp -s "$tmp/$1/audio.img" "$out/audio.img" && cmp -s "$tmp/$1/audio.sub" "$out/audio.sub"; }

kb=$("$vd" "$out/audio.ccd" -- cat /sys/dev/block/11:0/queue/max_hw_sectors_kb)
check "cat reads the drive's max_hw_sectors_kb from sysfs ($kb)" test "$kb" = 128
kb=$("$vd" --max-sectors-kb 32 "$out/audio.ccd" -- cat /sys/dev/block/11:0/queue/max_sectors_kb)
check "--max-sectors-kb 32: max_sectors_kb says 32 ($kb)" test "$kb" = 32

rip default --
ok $? "default limit: the rip exits 0"
set -- $(reads "$tmp/default.trace" BE)
diag "default: $1 READ CD, at most $2 sectors / $3 bytes, $4 refused"
check "default limit: 47 sectors a command, 128 KiB at most, none refused" \
    test "$2" = 47 -a "$3" -le 131072 -a "$4" = 0
check "default limit: the log says 47 sectors from the queue's limit" \
    grep -q "reading 47 sectors per command (2742 bytes a sector): transfers up to 128 KiB (/sys/dev/block/11:0/queue: max_hw_sectors_kb 128" "$tmp/default/audio.log"
check "default limit: image and subchannel are the disc's" same_disc default

rip small --max-sectors-kb 32 --
ok $? "32 KiB limit: the rip exits 0"
set -- $(reads "$tmp/small.trace" BE)
diag "32 KiB: $1 READ CD, at most $2 sectors / $3 bytes, $4 refused"
check "32 KiB limit: 11 sectors a command, no transfer over 32 KiB, none refused" \
    test "$2" = 11 -a "$3" -le 32768 -a "$4" = 0
check "32 KiB limit: no command of any kind was refused" sh -c "! grep -q '^refuse' '$tmp/small.trace'"
check "32 KiB limit: image and subchannel are the disc's" same_disc small

rip over --max-sectors-kb 32 -- --block 64
ok $? "--block 64 on a 32 KiB drive: the rip exits 0"
set -- $(reads "$tmp/over.trace" BE)
diag "--block 64: $1 READ CD done, at most $2 sectors / $3 bytes, $4 refused"
check "--block 64: the drive refused the oversized transfers, the rest passed at 8 sectors" \
    test "$4" -ge 3 -a "$2" = 8 -a "$3" -le 32768
check "--block 64: the log says the transfers were halved" \
    grep -q "refused a read of 16 sectors without the drive answering: reading 8 sectors per command" "$tmp/over/audio.log"
check "--block 64: image and subchannel are the disc's" same_disc over

rip nosysfs --max-sectors-kb 0 --
ok $? "no limit to read: the rip exits 0"
set -- $(reads "$tmp/nosysfs.trace" BE)
check "no limit to read: 23 sectors (64 KiB)" test "$2" = 23 -a "$3" -le 65536
check "no limit to read: the log says 64 KiB and why" \
    grep -q "the drive's transfer limit is unknown (no /sys/dev/block/11:0/queue/max_hw_sectors_kb): 64 KiB" "$tmp/nosysfs/audio.log"

# Read-ahead: the same commands in the same order as without it.
commands() { grep '^mmc ' "$1" | sed 's/ -> .*//'; }
rip plain -- --no-read-ahead
ok $? "without read-ahead: the rip exits 0"
commands "$tmp/default.trace" >"$tmp/a.cmds"
commands "$tmp/plain.trace" >"$tmp/b.cmds"
check "read-ahead sends the same $(wc -l <"$tmp/a.cmds") commands in the same order as a rip without it" \
    cmp -s "$tmp/a.cmds" "$tmp/b.cmds"
ahead() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['read_ahead_blocks'])" "$1"; }
a=$(ahead "$tmp/default/audio.json")
b=$(ahead "$tmp/plain/audio.json")
check "read-ahead: $a of the 44 blocks came from the queue, none with --no-read-ahead ($b)" test "$a" = 43 -a "$b" = 0

# Unreadable sectors: 30 in track 3, 5 near the end.
python3 - "$tmp/faults.map" <<'PY'
import sys
bad = [(700, 30), (1990, 5)]
rows, pos = [], 0
for lba, n in bad:
    rows.append((pos, lba - pos, "+"))
    rows.append((lba, n, "-"))
    pos = lba + n
rows.append((pos, 2062 - pos, "+"))
with open(sys.argv[1], "w") as f:
    f.write("# unreadable sectors (block 2352)\n0x0 +\n")
    for p, n, s in rows:
        f.write("0x%X 0x%X %s\n" % (p * 2352, n * 2352, s))
PY
rip fa --faults "$tmp/faults.map" -- --retries 1
rc1=$?
rip fb --faults "$tmp/faults.map" -- --retries 1 --no-read-ahead
rc2=$?
check "unreadable sectors: both rips exit 5 ($rc1 $rc2)" test "$rc1" = 5 -a "$rc2" = 5
commands "$tmp/fa.trace" >"$tmp/fa.cmds"
commands "$tmp/fb.trace" >"$tmp/fb.cmds"
check "unreadable sectors: read-ahead sends the same $(wc -l <"$tmp/fa.cmds") commands in the same order" \
    cmp -s "$tmp/fa.cmds" "$tmp/fb.cmds"
check "unreadable sectors: the two rips agree on the map and every byte" \
    sh -c "cmp -s '$tmp/fa/audio.map' '$tmp/fb/audio.map' && cmp -s '$tmp/fa/audio.img' '$tmp/fb/audio.img'"
nbad=$(python3 - "$tmp/fa/audio.map" <<'PY'
import sys
n = 0
for l in open(sys.argv[1]):
    f = l.split()
    if not l.startswith("#") and len(f) == 3 and f[0].startswith("0x") and f[2] == "-":
        n += int(f[1], 16) // 2352
print(n)
PY
)
check "unreadable sectors: exactly the 35 bad ones are marked bad ($nbad)" test "$nbad" = 35

# A DVD: 2048-byte sectors, READ(12).
mkdir -p "$tmp/dvd"
"$vd" --max-sectors-kb 32 --log "$tmp/dvd.trace" "$out/dvd.iso" -- "$dw" -q rip /dev/sr0 -o "$tmp/dvd/x" \
    --format iso 2>"$tmp/dvd/err"
ok $? "DVD on a 32 KiB drive: the rip exits 0"
set -- $(reads "$tmp/dvd.trace" A8)
check "DVD: 16 sectors a READ(12), none over 32 KiB, none refused ($2 sectors, $3 bytes, $4 refused)" \
    test "$2" = 16 -a "$3" -le 32768 -a "$4" = 0
check "DVD: the ISO is the disc" cmp -s "$tmp/dvd/x.iso" "$out/dvd.iso"
done_testing
