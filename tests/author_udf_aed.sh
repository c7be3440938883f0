#!/bin/sh
# author_udf_aed.sh: UDF files whose allocation descriptors do not fit in
# their (E)FE continue in Allocation Extent Descriptors (tag 258), for UDF
# 1.02, 2.01 and 2.50.  DW_AUTHOR_UDF_MAX_EXTENT=4096 (a test hook) caps
# every extent at two blocks, so megabyte files need hundreds of
# descriptors.  Asserts: the number of AED blocks equals what the
# descriptor capacities give (234 short_ads or 114 long_ads in the FE,
# 253 or 126 in an AED, the last one a continuation), every AED's tag
# (checksum, location, CRC over the header alone for 1.02 and over the
# descriptors too from 2.01 on); udfinfo reads each image; our verify
# --fs walks the chains (1.02, 2.01) and finds a damaged AED; pycdlib's
# strict UDF parser accepts the trees; 7-Zip (which does not follow AEDs)
# extracts the files that need none with the same bytes and never
# extracts wrong bytes; without the hook there is no AED at all; small
# directories live in their File Entry (one block each); a bad value of
# the hook is a usage error naming it.  libudfread reads every
# byte back in tests/unit/test_author (udf-aed-*).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
py=/usr/bin/python3
for t in udfinfo 7z; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
$py -c 'import pycdlib' 2>/dev/null || skip_all "python3-pycdlib missing (tools/setup.sh installs it)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
src="$tmp/src"
mkdir -p "$src/sub"
$py - "$src" <<'PY'
import os, sys
top = sys.argv[1]
def w(rel, n, seed):
    with open(os.path.join(top, rel), "wb") as f:
        f.write(bytes((i * 7 + seed + i // 4099) & 0xFF for i in range(n)))
w("one.bin", 1 << 20, 1)              # 256 extents
w("exact.bin", 234 * 4096, 2)         # 234: fills a FE's short_ads exactly
w("over.bin", 235 * 4096 - 100, 3)    # 235: one more
w("sub/three.bin", 3145000, 4)        # 768
w("small.txt", 10, 5)
PY
ok $? "source tree made"

check_aeds() { # image rev expected-count
    $py - "$@" <<'PY'
import struct, sys
img, rev, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
d = open(img, "rb").read()
B = 2048
def crc(b):
    c = 0
    for x in b:
        c ^= x << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021) if c & 0x8000 else c << 1
            c &= 0xFFFF
    return c
avdp = d[256 * B:257 * B]
vds = struct.unpack_from("<I", avdp, 20)[0]
start = None
for i in range(16):
    b = d[(vds + i) * B:(vds + i + 1) * B]
    if struct.unpack_from("<H", b, 0)[0] == 5:
        start = struct.unpack_from("<I", b, 188)[0]
assert start is not None, "no partition descriptor"
base = start + (2 if rev == "2.50" else 0)   # metadata partition: after the two metadata file FEs
adsz = 16 if rev == "2.50" else 8
n = 0
for blk in range(base, len(d) // B):
    b = d[blk * B:(blk + 1) * B]
    if struct.unpack_from("<H", b, 0)[0] != 258 or sum(b[0:4]) + sum(b[5:16]) & 0xFF != b[4]:
        continue
    n += 1
    ver, crcv, crclen, loc = struct.unpack_from("<H", b, 2)[0], *struct.unpack_from("<HHI", b, 8)
    lad = struct.unpack_from("<I", b, 20)[0]
    assert ver == (2 if rev == "1.02" else 3), (blk, ver)
    assert loc == blk - base, ("tag location", blk, loc)
    assert 0 < lad <= B - 24 and lad % adsz == 0, ("L_AD", blk, lad)
    assert crclen == (8 if rev == "1.02" else 8 + lad), ("CRC length", blk, crclen, lad)
    assert crc(b[16:16 + crclen]) == crcv, ("CRC", blk)
    assert struct.unpack_from("<I", b, 16)[0] == 0, "previous allocation extent location"
    # Every descriptor but the last is a data extent; a full AED ends in a continuation.
    ads = [struct.unpack_from("<I", b, 24 + i)[0] for i in range(0, lad, adsz)]
    assert all(a >> 30 == 0 for a in ads[:-1]), blk
    if ads[-1] >> 30 == 3:
        assert lad == (B - 24) // adsz * adsz, ("continuation in a block that is not full", blk)
assert n == want, "%d AEDs, expected %d" % (n, want)
PY
}

expected() { # rev: AED blocks the source tree needs with 4096-byte extents
    $py - "$1" <<'PY'
import sys
rev = sys.argv[1]
adsz, fixed = (16, 216) if rev == "2.50" else (8, 176)
cf, ca = (2048 - fixed) // adsz, (2048 - 24) // adsz
total = 0
for size in (1 << 20, 234 * 4096, 235 * 4096 - 100, 3145000, 10):
    n = -(-size // 4096)
    if n <= cf:
        continue
    rest, k = n - (cf - 1), 1
    while rest > ca:
        rest -= ca - 1
        k += 1
    total += k
print(total)
PY
}

nfiles=5
for rev in 1.02 2.01 2.50; do
    want=$(expected $rev)
    DW_AUTHOR_UDF_MAX_EXTENT=4096 "$dw" author "$src" --udf=$rev -o "$tmp/a$rev.iso"; ok $? "UDF $rev image with 4096-byte extents"
    size=$(DW_AUTHOR_UDF_MAX_EXTENT=4096 "$dw" author "$src" --udf=$rev --print-size)
    test $((size * 2048)) -eq "$(stat -c %s "$tmp/a$rev.iso")"; ok $? "UDF $rev: --print-size counts the AED blocks ($size)"
    check_aeds "$tmp/a$rev.iso" $rev "$want"; ok $? "UDF $rev: $want AED blocks, tags, CRCs and chains right"
    udfinfo "$tmp/a$rev.iso" >"$tmp/info" 2>&1 && grep -q "^udfrev=$rev" "$tmp/info" \
        && grep -q "^numfiles=$nfiles\$" "$tmp/info" && grep -q "^integrity=closed" "$tmp/info"
    ok $? "udfinfo reads UDF $rev: closed, $nfiles files"
    "$dw" -q verify --fs "$tmp/a$rev.iso" >"$tmp/v.txt" 2>&1; ok $? "verify --fs: UDF $rev image with AEDs is good"
    if [ $rev != 2.50 ]; then
        $py "$top_srcdir/tests/author/treetool.py" pycdlib "$tmp/a$rev.iso" "$src" --udf; ok $? "pycdlib: UDF $rev tree"
    fi
    "$dw" author "$src" --udf=$rev -o "$tmp/p$rev.iso" && check_aeds "$tmp/p$rev.iso" $rev 0
    ok $? "UDF $rev: 1 GiB extents, no AED"
done

# 7-Zip keeps a continuation as if it were data and refuses such files.
rm -rf "$tmp/7"; mkdir "$tmp/7"
7z x -tudf -o"$tmp/7" "$tmp/a2.01.iso" >/dev/null 2>&1
cmp -s "$tmp/7/exact.bin" "$src/exact.bin" && cmp -s "$tmp/7/small.txt" "$src/small.txt"
ok $? "7z (UDF 2.01): a file of 234 extents (no AED) has the same bytes"
bad=0
for f in one.bin over.bin sub/three.bin; do
    if [ -s "$tmp/7/$f" ] && ! cmp -s "$tmp/7/$f" "$src/$f"; then bad=1; fi
done
ok $bad "7z (UDF 2.01): no file with AEDs extracted with wrong bytes"

# A damaged AED is found.
$py - "$tmp/a2.01.iso" <<'PY'
import sys
p = sys.argv[1]
d = bytearray(open(p, "rb").read())
for blk in range(257, len(d) // 2048):
    if d[blk * 2048] == 2 and d[blk * 2048 + 1] == 1:   # tag 258
        d[blk * 2048 + 40] ^= 0xFF
        break
open(p, "wb").write(d)
PY
"$dw" -q verify --fs "$tmp/a2.01.iso" >/dev/null 2>&1
ok $([ $? -eq 6 ] && echo 0 || echo 1) "verify --fs: a damaged AED is a mismatch"

# Beyond what an empty tree costs, a tree of small directories costs
# one UDF block per file and two per directory (its File Entry and its
# identifiers' block); with --udf-embed one per directory (identifiers
# inside the entry).  Both trees share a directory of 300 empty files, so
# that their ISO 9660 metadata reaches past block 32, where file data
# starts at the earliest (below it the padding would hide the ISO
# directories' own blocks).
mkdir -p "$tmp/e0/pad" "$tmp/e1/a/b" "$tmp/e1/c" "$tmp/e1/pad"
i=0; while [ $i -lt 300 ]; do : >"$tmp/e0/pad/empty-file-$i"; : >"$tmp/e1/pad/empty-file-$i"; i=$((i + 1)); done
for f in a/1 a/2 a/b/3 c/4 c/5 c/6 7; do echo "$f" >"$tmp/e1/$f"; done
n=$(($(find "$tmp/e1" | wc -l) - $(find "$tmp/e0" | wc -l)))
nd=$(($(find "$tmp/e1" -type d | wc -l) - $(find "$tmp/e0" -type d | wc -l)))
for rev in 1.02 2.01; do
    cost() { echo $(($("$dw" author "$@" --udf=$rev --print-size) - $("$dw" author "$1" --print-size))); }
    c0=$(cost "$tmp/e0"); c1=$(cost "$tmp/e1")
    test $((c1 - c0)) -eq $((n + nd)); ok $? "UDF $rev: $n files and directories beyond the root cost $((c1 - c0)) blocks ($nd directories two each)"
    c0=$(cost "$tmp/e0" --udf-embed); c1=$(cost "$tmp/e1" --udf-embed)
    test $((c1 - c0)) -eq $n; ok $? "UDF $rev --udf-embed: $n files and directories cost $((c1 - c0)) blocks"
done

DW_AUTHOR_UDF_MAX_EXTENT=1000 "$dw" author "$src" --udf -o "$tmp/x.iso" 2>"$tmp/err"; rc=$?
test $rc -eq 2 && grep -q DW_AUTHOR_UDF_MAX_EXTENT "$tmp/err" && test ! -e "$tmp/x.iso"
ok $? "DW_AUTHOR_UDF_MAX_EXTENT=1000: usage error naming it [$rc]"
done_testing
