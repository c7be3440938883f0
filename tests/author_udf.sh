#!/bin/sh
# author_udf.sh: the UDF bridge (1.02, 2.01, 2.50) and --udf-only on the
# awkward tree: udfinfo (revision, exact LVID file and directory counts),
# pycdlib's strict UDF parser (1.02 and 2.01: pycdlib 1.12 cannot parse a
# second partition map, so not 2.50), 7-Zip's UDF reader (it refuses UDF
# symbolic links, so on a symlink-free subtree), byte-identical rebuilds
# for every revision, and the ISO trees still intact next to UDF.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
py=/usr/bin/python3
tool="$top_srcdir/tests/author/treetool.py"
for t in udfinfo 7z bsdtar; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
$py -c 'import pycdlib' 2>/dev/null || skip_all "python3-pycdlib missing (tools/setup.sh installs it)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
src="$tmp/src"
$py "$tool" make "$src"; ok $? "test tree made"
export SOURCE_DATE_EPOCH=1700000000
ndirs=$(find "$src" -type d | wc -l)
# Files with UDF File Entries: every non-directory, hard links once.
nfiles=$(find "$src" ! -type d -printf '%i\n' | sort -u | wc -l)

for rev in 1.02 2.01 2.50; do
    "$dw" author "$src" --udf=$rev -o "$tmp/u$rev.iso"; ok $? "UDF $rev image"
    udfinfo "$tmp/u$rev.iso" >"$tmp/info" 2>&1; ok $? "udfinfo reads UDF $rev"
    grep -q "^udfrev=$rev" "$tmp/info" && grep -q "^integrity=closed" "$tmp/info"; ok $? "udfinfo: revision $rev, closed"
    grep -q "^numfiles=$nfiles\$" "$tmp/info" && grep -q "^numdirs=$ndirs\$" "$tmp/info"
    ok $? "LVID counts exact ($nfiles files, $ndirs directories): $(grep -E '^num' "$tmp/info" | tr '\n' ' ')"
    "$dw" author "$src" --udf=$rev -o "$tmp/v$rev.iso"
    cmp -s "$tmp/u$rev.iso" "$tmp/v$rev.iso"; ok $? "UDF $rev: two builds are byte-identical"
    if [ $rev != 2.50 ]; then
        $py "$tool" pycdlib "$tmp/u$rev.iso" "$src" --udf; ok $? "pycdlib: UDF $rev tree"
    fi
    rm -rf "$tmp/b"; mkdir "$tmp/b"
    bsdtar -xf "$tmp/u$rev.iso" -C "$tmp/b" && $py "$tool" compare "$src" "$tmp/b"
    ok $? "UDF $rev: the Rock Ridge tree is intact (bsdtar)"
    rm -f "$tmp/v$rev.iso"
done
# The bridge's cost: UDF blocks per file and directory.
iso=$("$dw" author "$src" --print-size)
for rev in 2.01 2.50; do
    udf=$("$dw" author "$src" --udf=$rev --print-size)
    extra=$((udf - iso - 258))
    diag "UDF $rev adds $extra blocks beyond the fixed 258 for $nfiles files and $ndirs directories"
done

# 7-Zip through UDF, on a subtree without symbolic links (7-Zip refuses
# UDF symlinks), every revision.
mkdir "$tmp/plain"
cp -a "$src/names" "$src/sizes" "$src/hard" "$src/case" "$src/level01" "$tmp/plain/"
$py "$tool" digests "$tmp/plain" >"$tmp/d1"
for rev in 1.02 2.01 2.50; do
    "$dw" author "$tmp/plain" --udf=$rev -o "$tmp/p$rev.iso"; ok $? "UDF $rev image of the symlink-free subtree"
    rm -rf "$tmp/7"; mkdir "$tmp/7"
    7z x -tudf -o"$tmp/7" "$tmp/p$rev.iso" >/dev/null; ok $? "7z extracts through UDF $rev"
    $py "$tool" compare "$tmp/plain" "$tmp/7" --names-only; ok $? "7z (UDF $rev): every name"
    $py "$tool" digests "$tmp/7" >"$tmp/d2"
    cmp -s "$tmp/d1" "$tmp/d2"; ok $? "7z (UDF $rev): the same bytes"
done
# Nothing embedded by default: every File Entry of every revision uses
# allocation descriptors (ICB flags & 7 != 3); --udf-embed embeds.
for rev in 1.02 2.01 2.50; do
    "$dw" author "$src" --udf=$rev --udf-embed -o "$tmp/e$rev.iso"
    $py - "$tmp/u$rev.iso" "$tmp/e$rev.iso" <<'PY'; ok $? "UDF $rev: no embedded data by default, some with --udf-embed"
import sys
def embedded(path):
    n = 0
    with open(path, "rb") as f:
        data = f.read()
    for off in range(0, len(data), 2048):
        tag = int.from_bytes(data[off:off + 2], "little")
        if tag in (261, 266) and int.from_bytes(data[off + 12:off + 16], "little") < 1 << 24:
            if int.from_bytes(data[off + 34:off + 36], "little") & 7 == 3:
                n += 1
    return n
a, b = embedded(sys.argv[1]), embedded(sys.argv[2])
print("# embedded entries: default %d, --udf-embed %d" % (a, b))
sys.exit(0 if a == 0 and b > 0 else 1)
PY
done
# pycdlib 1.12 stops at a UDF 2.50 volume's second partition map (the
# metadata partition every 2.50 volume has): its bounds check counts the
# map's offset twice ("Partition map goes beyond end of data").  Say so.
$py -c 'import sys, pycdlib; i = pycdlib.PyCdlib(); i.open(sys.argv[1])' "$tmp/u2.50.iso" 2>&1 | tail -1 | sed 's/^/# pycdlib on UDF 2.50: /'
# The Linux kernel, where this machine can loop-mount UDF.
mkdir "$tmp/mnt"
if mount -o loop,ro -t udf "$tmp/u2.01.iso" "$tmp/mnt" 2>"$tmp/merr"; then
    umount "$tmp/mnt"
    for rev in 1.02 2.01 2.50; do
        mount -o loop,ro -t udf "$tmp/p$rev.iso" "$tmp/mnt" && $py "$tool" digests "$tmp/mnt" >"$tmp/d2"
        rc=$?; umount "$tmp/mnt" 2>/dev/null
        [ $rc -eq 0 ] && cmp -s "$tmp/d1" "$tmp/d2"; ok $? "Linux (mount -t udf): UDF $rev, the same names and bytes"
    done
else
    ok 0 "Linux (mount -t udf) # SKIP this machine cannot loop-mount UDF: $(head -1 "$tmp/merr")"
fi

# UDF only.
"$dw" author "$src" --udf-only -o "$tmp/o.iso"; ok $? "--udf-only image"
udfinfo "$tmp/o.iso" | grep -q "^numfiles=$nfiles\$"; ok $? "udfinfo reads the UDF-only image"
$py - "$tmp/o.iso" <<'PY'; ok $? "UDF-only: no ISO 9660 directory tree, no Joliet"
import sys
b = open(sys.argv[1], "rb").read(19 * 2048)
assert b[16 * 2048 + 1:16 * 2048 + 6] == b"CD001" and b[17 * 2048] == 255, "PVD then terminator"
assert b[18 * 2048 + 1:18 * 2048 + 6] == b"BEA01"
PY
# discwright verify proves every bridge right, and finds a broken UDF tag.
for rev in 1.02 2.01 2.50; do
    "$dw" -q verify --fs "$tmp/u$rev.iso" >/dev/null 2>&1
    ok $? "verify --fs: the UDF $rev bridge image is good"
done
cp "$tmp/u2.01.iso" "$tmp/bad.iso"
printf '\125' | dd of="$tmp/bad.iso" bs=1 seek=$((256 * 2048 + 100)) conv=notrunc 2>/dev/null
"$dw" -q verify --fs "$tmp/bad.iso" >/dev/null 2>&1
ok $([ $? -eq 6 ] && echo 0 || echo 1) "verify --fs: a damaged anchor descriptor is a mismatch"
done_testing
