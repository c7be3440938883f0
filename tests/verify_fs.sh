#!/bin/sh
# verify_fs.sh: ISO 9660 / Joliet / Rock Ridge / El Torito / UDF checks.
# Images made by peers (xorriso -as mkisofs -R -J, genisoimage -R -J
# -udf, with a boot image) and the sample discs verify clean; a damaged
# directory record, an extent past the end of the volume and a wrong UDF
# tag CRC are each reported at the right place (tests/verify/damage.py
# says where it damaged); a truncated image is reported, not crashed on.
# UDF 2.50 (our author; genisoimage cannot write it): the tree inside
# the metadata partition is walked (plain, with AEDs, with embedded
# directories (--udf-embed), a 2,000-file directory); a damaged metadata file EFE or
# file EFE, an AED chain that loops, and a file EFE whose tag gives its absolute sector instead of
# its metadata block, are reported at its absolute block; a mirror that
# differs is a warning; a mkudffs volume is clean.
# Rock Ridge continuation areas (xorriso's and our author's, for a
# 609-byte symlink and a 250-byte name) are followed: clean, and a bad
# entry length inside one, a CE past the volume and a CE loop are each
# reported at the right block with the record's path.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
command -v xorriso >/dev/null 2>&1 || skip_all "xorriso is not installed (tools/setup.sh)"
command -v genisoimage >/dev/null 2>&1 || skip_all "genisoimage is not installed (tools/setup.sh)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
dmg="$top_srcdir/tests/verify/damage.py"
t="$tmp/tree"
mkdir -p "$t/sub/deeper" "$t/boot"
echo hello >"$t/a.txt"
head -c 300000 /dev/urandom >"$t/sub/b.bin"
ln "$t/a.txt" "$t/sub/hard.txt"
ln -s a.txt "$t/link"
echo x >"$t/sub/deeper/c"
head -c 2048 /dev/zero >"$t/boot/boot.img"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "$i" >"$t/sub/file-with-a-long-name-$i.txt"; done

xorriso -as mkisofs -quiet -R -J -o "$tmp/x.iso" "$t" 2>/dev/null || exit 1
xorriso -as mkisofs -quiet -R -J -b boot/boot.img -no-emul-boot -o "$tmp/xb.iso" "$t" 2>/dev/null || exit 1
genisoimage -quiet -R -J -udf -o "$tmp/g.iso" "$t" 2>/dev/null || exit 1

"$dw" verify --fs "$tmp/x.iso" >"$tmp/o" 2>&1; ok $? "xorriso -R -J: clean"
"$dw" verify --fs "$tmp/xb.iso" >"$tmp/o" 2>&1 && grep -q "El Torito catalog with 1 boot image" "$tmp/o"
ok $? "xorriso -R -J with El Torito: clean, catalog read"
"$dw" verify --fs "$tmp/g.iso" >"$tmp/o" 2>&1 && grep -q "UDF structure good" "$tmp/o"
ok $? "genisoimage -R -J -udf: clean, UDF tree walked"
grep -q "ISO 9660 + Joliet structure good" "$tmp/o"; ok $? "genisoimage: ISO 9660 + Joliet good"
for n in mode1 mode2xa mixed enhanced; do
    if [ -f "$out/$n.ccd" ]; then
        "$dw" verify --fs "$out/$n.ccd" >"$tmp/o" 2>&1 && grep -q "ISO 9660 structure good" "$tmp/o"
        ok $? "sample $n: the data track's filesystem is clean"
    fi
done
[ -f "$out/dvd.iso" ] && { "$dw" verify --fs "$out/dvd.iso" >/dev/null 2>&1; ok $? "sample dvd.iso: clean"; }

# where JSON CHECK: "first path" of the first error finding of CHECK.
where() {
    python3 - "$1" "$2" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]["findings"]
e = ["%s %s" % (f["first"], f["path"]) for f in r if f["check"] == sys.argv[2] and f["severity"] == "error"]
print(e[0] if e else "")
PY
}

# The record whose length grew reads the next one as its system use
# area, so the error names the root or that record.
cp "$tmp/x.iso" "$tmp/d.iso"; set -- $(python3 "$dmg" dirrec "$tmp/d.iso"); at=$1
"$dw" --json verify --fs "$tmp/d.iso" >"$tmp/d.json" 2>/dev/null; rc=$?
w=$(where "$tmp/d.json" iso9660)
[ $rc = 6 ] && { [ "$w" = "$at /" ] || [ "$w" = "$at $2" ]; }
ok $? "a damaged directory record: root directory or $2, block $at (got '$w', exit $rc)"

cp "$tmp/x.iso" "$tmp/e.iso"; set -- $(python3 "$dmg" extent "$tmp/e.iso")
"$dw" --json verify --fs "$tmp/e.iso" >"$tmp/e.json" 2>/dev/null; rc=$?
w=$(where "$tmp/e.json" iso9660)
[ $rc = 6 ] && [ "$w" = "$1 $2" ]; ok $? "an extent past the end: $2 at $1 (got '$w', exit $rc)"

cp "$tmp/g.iso" "$tmp/u.iso"; at=$(python3 "$dmg" udfcrc "$tmp/u.iso")
"$dw" --json verify --fs "$tmp/u.iso" >"$tmp/u.json" 2>/dev/null; rc=$?
w=$(where "$tmp/u.json" udf)
case "$w" in "$at "*) r=0 ;; *) r=1 ;; esac
[ $rc = 6 ] && grep -q "CRC" "$tmp/u.json"; ok $((r | $?)) "a wrong UDF tag CRC: block $at (got '$w', exit $rc)"

cp "$tmp/g.iso" "$tmp/a.iso"; python3 "$dmg" noanchor "$tmp/a.iso" >/dev/null
"$dw" --json verify --fs "$tmp/a.iso" >"$tmp/a.json" 2>/dev/null; rc=$?
w=$(where "$tmp/a.json" udf)
[ $rc = 6 ] && [ "$w" = "256 None" ] && grep -q "UDF structure\|udf_files" "$tmp/a.json"
ok $? "a missing anchor at 256: reported, the tree still walked from the last one (got '$w')"

head -c 40000 "$tmp/g.iso" >"$tmp/t.iso"
"$dw" verify --fs "$tmp/t.iso" >"$tmp/t.txt" 2>&1; rc=$?
[ $rc = 6 ] && grep -q "truncated" "$tmp/t.txt"; ok $? "a truncated image is reported (exit $rc)"

# stat JSON NAME: a stat of the last report.
stat() {
    python3 - "$1" "$2" <<'PY'
import json, sys
print([json.loads(l) for l in open(sys.argv[1])][-1]["data"]["stats"].get(sys.argv[2], ""))
PY
}
# first JSON CHECK PATH: "first path" of the first error finding.
first_err() { where "$1" "$2"; }

# UDF 2.50: our author's images.
u="$tmp/u250"
mkdir -p "$u/sub/e1/e2" "$u/empty" "$u/many"
echo hello >"$u/a.txt"
head -c 300000 /dev/urandom >"$u/sub/b.bin"
echo x >"$u/sub/e1/e2/c"
for i in $(seq 1 2000); do echo "$i" >"$u/many/f$i"; done
# 1 MiB whose blocks are mostly zeros: 256 extents of 4 KiB need AEDs.
python3 -c "import sys; sys.stdout.buffer.write((b'x' + bytes(2047)) * 512)" >"$u/sub/aed.bin"
dw_author() { "$dw" author -f -o "$@" >/dev/null 2>&1; }
DW_AUTHOR_UDF_MAX_EXTENT=4096 dw_author "$tmp/ua.iso" --udf=2.50 --udf-embed "$u" || exit 1
nf=$(find "$u" -type f | wc -l); nd=$(find "$u" -type d | wc -l)
"$dw" --json verify --fs "$tmp/ua.iso" >"$tmp/ua.json" 2>/dev/null; rc=$?
f=$(stat "$tmp/ua.json" udf_files); d=$(stat "$tmp/ua.json" udf_directories); m=$(stat "$tmp/ua.json" udf_metadata_blocks)
set -- $(python3 "$dmg" countaed "$tmp/ua.iso"); naed=$1; nemb=$2
[ $rc = 0 ] && [ "$f" = "$nf" ] && [ "$d" = "$nd" ] && [ "${m:-0}" -gt 0 ] && [ "$naed" -gt 0 ] && [ "$nemb" -gt 0 ] &&
    grep -q "UDF structure good ($nf files, $nd directories)" "$tmp/ua.json"
ok $? "UDF 2.50 with $naed AEDs, $nemb embedded directories, 2,000 files: clean, $f/$nf files, $d/$nd dirs, $m metadata blocks (exit $rc)"

cp "$tmp/ua.iso" "$tmp/ux.iso"; at=$(python3 "$dmg" aedloop "$tmp/ux.iso")
"$dw" --json verify --fs "$tmp/ux.iso" >"$tmp/ux.json" 2>/dev/null; rc=$?
w=$(first_err "$tmp/ux.json" udf)
[ $rc = 6 ] && [ "$w" = "$at /sub/aed.bin" ] && grep -q "allocation extent descriptors loop" "$tmp/ux.json"
ok $? "UDF 2.50 AED chain looping back to itself: /sub/aed.bin at block $at (got '$w', exit $rc)"

mkdir -p "$tmp/small/e1/e2"; echo hello >"$tmp/small/only.txt"
dw_author "$tmp/us.iso" --udf=2.50 "$tmp/small" || exit 1
"$dw" --json verify --fs "$tmp/us.iso" >"$tmp/us.json" 2>/dev/null; rc=$?
[ $rc = 0 ] && [ "$(stat "$tmp/us.json" udf_files)" = 1 ] && [ "$(stat "$tmp/us.json" udf_directories)" = 3 ]
ok $? "UDF 2.50 plain: clean, 1 file and 3 directories walked in the metadata partition (exit $rc)"

cp "$tmp/us.iso" "$tmp/um.iso"; at=$(python3 "$dmg" meta250 "$tmp/um.iso")
"$dw" --json verify --fs "$tmp/um.iso" >"$tmp/um.json" 2>/dev/null; rc=$?
w=$(first_err "$tmp/um.json" udf)
[ $rc = 6 ] && [ "$w" = "$at (metadata file)" ] && [ "$(stat "$tmp/um.json" udf_files)" = 1 ] &&
    grep -q "read through its mirror" "$tmp/um.json"
ok $? "UDF 2.50 damaged metadata file EFE: error at block $at, the tree read through the mirror (got '$w', exit $rc)"

cp "$tmp/us.iso" "$tmp/uf.iso"; at=$(python3 "$dmg" metafile "$tmp/uf.iso")
"$dw" --json verify --fs "$tmp/uf.iso" >"$tmp/uf.json" 2>/dev/null; rc=$?
w=$(first_err "$tmp/uf.json" udf)
[ $rc = 6 ] && [ "$w" = "$at /only.txt" ] && grep -q "CRC" "$tmp/uf.json"
ok $? "UDF 2.50 damaged file EFE inside the metadata partition: /only.txt at block $at (got '$w', exit $rc)"

cp "$tmp/us.iso" "$tmp/ul.iso"; at=$(python3 "$dmg" metaloc "$tmp/ul.iso")
"$dw" --json verify --fs "$tmp/ul.iso" >"$tmp/ul.json" 2>/dev/null; rc=$?
w=$(first_err "$tmp/ul.json" udf)
[ $rc = 6 ] && [ "$w" = "$at /only.txt" ] && grep -q "says it is at block $at, found at" "$tmp/ul.json"
ok $? "UDF 2.50 file EFE tagged with its absolute sector, not its metadata block: reported at $at (got '$w', exit $rc)"

cp "$tmp/us.iso" "$tmp/ur.iso"; mb=$(python3 "$dmg" mirror "$tmp/ur.iso")
"$dw" --json verify --fs "$tmp/ur.iso" >"$tmp/ur.json" 2>/dev/null; rc=$?
w=$(first_err "$tmp/ur.json" udf)
[ $rc = 0 ] && [ -z "$w" ] && grep -q '"severity":"warning".*differ in [0-9]* block(s), first at metadata block '"$mb" "$tmp/ur.json"
ok $? "UDF 2.50 mirror file differing from the metadata file: a warning, no error (exit $rc)"

if command -v mkudffs >/dev/null 2>&1; then
    # udftools 2.3 refuses 2.50 on hd media (VAT media only); then 2.01.
    rev=2.50
    truncate -s 20M "$tmp/mk.img"
    mkudffs -b 2048 --media-type=hd --udfrev=$rev "$tmp/mk.img" >/dev/null 2>&1 ||
        { rev=2.01; mkudffs -b 2048 --media-type=hd --udfrev=$rev "$tmp/mk.img" >/dev/null 2>&1; }
    "$dw" --json verify --fs "$tmp/mk.img" >"$tmp/mk.json" 2>/dev/null; rc=$?
    [ $rc = 0 ] && grep -q "UDF structure good (0 files, 1 directories)" "$tmp/mk.json"
    ok $? "mkudffs --udfrev=$rev (an independent writer): clean (exit $rc)"
else
    ok 0 "# SKIP mkudffs is not installed (udftools)"
fi

# Rock Ridge continuation areas.
rr="$tmp/rr"
mkdir -p "$rr"
ln -s "$(python3 -c "print('/'.join(['d' * 60] * 10))")" "$rr/longlink"
echo x >"$rr/$(python3 -c "print('n' * 250)")"
xorriso -as mkisofs -quiet -R -J -joliet-long -o "$tmp/rx.iso" "$rr" 2>/dev/null || exit 1
dw_author "$tmp/ra.iso" "$rr" || exit 1
for k in rx ra; do
    tool=xorriso; [ $k = ra ] && tool="our author"
    cp "$tmp/$k.iso" "$tmp/$k-c.iso"; set -- $(python3 "$dmg" rrce "$tmp/$k-c.iso")
    "$dw" verify --fs "$tmp/$k.iso" >"$tmp/o" 2>&1 && [ -n "$1" ]
    ok $? "$tool: a 609-byte symlink and a 250-byte name in CE areas: clean (CE at block $1)"
    "$dw" --json verify --fs "$tmp/$k-c.iso" >"$tmp/c.json" 2>/dev/null; rc=$?
    w=$(first_err "$tmp/c.json" iso9660)
    [ $rc = 6 ] && [ "$w" = "$1 $2" ]
    ok $? "$tool: a bad entry length in a CE area: $2 at block $1 (got '$w', exit $rc)"
    cp "$tmp/$k.iso" "$tmp/$k-p.iso"; set -- $(python3 "$dmg" cepast "$tmp/$k-p.iso")
    "$dw" --json verify --fs "$tmp/$k-p.iso" >"$tmp/p.json" 2>/dev/null; rc=$?
    w=$(first_err "$tmp/p.json" iso9660)
    [ $rc = 6 ] && [ "$w" = "$1 $2" ] && grep -q "outside the volume" "$tmp/p.json"
    ok $? "$tool: a CE past the end of the volume: $2 at block $1 (got '$w', exit $rc)"
    cp "$tmp/$k.iso" "$tmp/$k-l.iso"; set -- $(python3 "$dmg" celoop "$tmp/$k-l.iso")
    "$dw" --json verify --fs "$tmp/$k-l.iso" >"$tmp/l.json" 2>/dev/null; rc=$?
    w=$(first_err "$tmp/l.json" iso9660)
    [ $rc = 6 ] && [ "$w" = "$1 $2" ] && grep -q "loop" "$tmp/l.json"
    ok $? "$tool: a CE loop: $2 at block $1 (got '$w', exit $rc)"
done
done_testing
