#!/bin/sh
# verify_fs.sh: ISO 9660 / Joliet / Rock Ridge / El Torito / UDF checks.
# Images made by peers (xorriso -as mkisofs -R -J, genisoimage -R -J
# -udf, with a boot image) and the sample discs verify clean; a damaged
# directory record, an extent past the end of the volume and a wrong UDF
# tag CRC are each reported at the right place (tests/verify/damage.py
# says where it damaged); a truncated image is reported, not crashed on.
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

cp "$tmp/x.iso" "$tmp/d.iso"; at=$(python3 "$dmg" dirrec "$tmp/d.iso")
"$dw" --json verify --fs "$tmp/d.iso" >"$tmp/d.json" 2>/dev/null; rc=$?
w=$(where "$tmp/d.json" iso9660)
[ $rc = 6 ] && [ "$w" = "$at /" ]; ok $? "a damaged directory record: root directory, block $at (got '$w', exit $rc)"

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
done_testing
