#!/bin/sh
# author_big.sh: a sparse file of 4 GiB + 1 MiB (with marker bytes around the
# 4 GiB boundary and at the end) at ISO level 3 with a UDF 2.01 bridge:
# multi-extent ISO records (libcdio-style readers see several extents),
# UDF short_ads of at most 1 GiB, and the bytes read back through Rock
# Ridge (bsdtar) and UDF (7z).  Level 2 must refuse the file.  The image
# is written sparse (zero runs are seeked over), so it costs no disk.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
py=/usr/bin/python3
for t in bsdtar 7z; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
avail=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
test "$avail" -gt 1000000 || skip_all "needs 1 GB free in $tmp"
mkdir "$tmp/src"
size=$((4097 * 1024 * 1024 + 123))
truncate -s $size "$tmp/src/big.bin"
for off in 0 4294965248 4294967295 4294967296 $((size - 5)); do
    printf 'MARK!' | dd of="$tmp/src/big.bin" bs=1 seek=$off conv=notrunc status=none
done
echo small >"$tmp/src/small.txt"
export SOURCE_DATE_EPOCH=1700000000

"$dw" author "$tmp/src" --iso-level 2 -o "$tmp/l2.iso" 2>"$tmp/err"; rc=$?
test $rc -ne 0 && grep -q "iso-level 3" "$tmp/err" && test ! -e "$tmp/l2.iso"; ok $? "level 2 refuses a file over 4 GiB, naming the fix"
"$dw" author "$tmp/src" --udf -o "$tmp/a.iso"; ok $? "level 3 + UDF image with a file over 4 GiB"
$py - "$tmp/a.iso" $size <<'PY'; ok $? "ISO: two directory records (multi-extent), sizes adding up"
import struct, sys
f = open(sys.argv[1], "rb"); size = int(sys.argv[2])
f.seek(16 * 2048); pvd = f.read(2048)
root_lba, root_len = struct.unpack_from("<I", pvd, 156 + 2)[0], struct.unpack_from("<I", pvd, 156 + 10)[0]
f.seek(root_lba * 2048); d = f.read(root_len)
pos, recs = 0, []
while pos < len(d):
    n = d[pos]
    if n == 0:
        pos = (pos // 2048 + 1) * 2048; continue
    name = d[pos + 33:pos + 33 + d[pos + 32]]
    recs.append((name, struct.unpack_from("<I", d, pos + 10)[0], d[pos + 25]))
    pos += n
big = [r for r in recs if r[0] == b"BIG.BIN;1"]
assert len(big) == 2, recs
assert big[0][2] & 0x80 and not big[1][2] & 0x80, big
assert big[0][1] + big[1][1] == size and big[0][1] % 2048 == 0, big
PY
bsdtar -xOf "$tmp/a.iso" big.bin | cmp -s - "$tmp/src/big.bin"; ok $? "bsdtar (Rock Ridge): every byte"
test "$(du -k "$tmp/a.iso" | cut -f1)" -lt 10000; ok $? "the image file is sparse"
7z e -tudf -so "$tmp/a.iso" big.bin 2>/dev/null | cmp -s - "$tmp/src/big.bin"; ok $? "7z (UDF, 1 GiB extents): every byte"
done_testing
