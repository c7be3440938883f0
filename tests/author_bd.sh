#!/bin/sh
# author_bd.sh: --bdmv images that libbluray opens.  A minimal BDMV
# folder is written at test time from the format's public description
# (tests/bd/mkbdmv.py: index.bdmv with three HDMV titles,
# MovieObject.bdmv, backups, a stream file), authored with --bdmv, then:
# - bd_info (libbluray, reading the image through libudfread) reports
#   exactly what it reports for the folder itself;
# - udfinfo sees UDF 2.50; 7-Zip and our extract (libudfread) give back
#   every name and byte; /CERTIFICATE was added;
# - the navigation files lie first, then the stream, then the backups;
# - verify --fs passes; missing or malformed navigation files, and a UDF
#   revision other than 2.50, are refused.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
py=/usr/bin/python3
for t in bd_info udfinfo 7z isoinfo; do
    command -v $t >/dev/null 2>&1 || skip_all "$t missing (tools/setup.sh installs it)"
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1700000000
src="$tmp/bd"
$py "$top_srcdir/tests/bd/mkbdmv.py" "$src"; ok $? "BDMV folder written (index.bdmv, MovieObject.bdmv, backups, a stream)"
"$dw" -q author --bdmv "$src" -o "$tmp/bd.iso"; ok $? "author --bdmv"
bd_info "$src" 2>/dev/null >"$tmp/i1"
bd_info "$tmp/bd.iso" 2>/dev/null | grep -v '^Volume Identifier' >"$tmp/i2"
grep -q '^BluRay detected *: yes' "$tmp/i2" && grep -q '^HDMV titles *: 3' "$tmp/i2" && cmp -s "$tmp/i1" "$tmp/i2"
ok $? "bd_info (libbluray through libudfread): the image reads as the folder does (3 HDMV titles, first play, top menu)" ||
    diff "$tmp/i1" "$tmp/i2" | head
udfinfo "$tmp/bd.iso" >"$tmp/u" 2>&1 && grep -q '^udfrev=2.50' "$tmp/u"; ok $? "udfinfo: UDF 2.50"
mkdir "$tmp/7"; 7z x -tudf -o"$tmp/7" "$tmp/bd.iso" >/dev/null 2>&1 && test -d "$tmp/7/CERTIFICATE" &&
    diff -r "$src/BDMV" "$tmp/7/BDMV" >/dev/null
ok $? "7-Zip (UDF 2.50): every name and byte of /BDMV, and /CERTIFICATE added"
"$dw" -q extract "$tmp/bd.iso" --tree udf -o "$tmp/x" 2>/dev/null && diff -r "$src/BDMV" "$tmp/x/BDMV" >/dev/null &&
    test -d "$tmp/x/CERTIFICATE"
ok $? "libudfread (extract --tree udf): every name and byte"
lba() { isoinfo -l -i "$tmp/bd.iso" | awk -v want="$1" '
    /^Directory listing of / { dir = $4 } { n = $NF; sub(/;1$/, "", n) }
    dir == want && $0 ~ /\[/ { gsub(/[][]/, " "); print n, $(NF - 2) }'; }
i=$(lba /BDMV/ | awk '$1 == "INDEX.BDMV" { print $2 }'); m=$(lba /BDMV/ | awk '$1 == "MOVIEOBJ.BDM" || $1 == "MOVIEOBJECT.BDMV" { print $2 }')
s=$(lba /BDMV/STREAM/ | awk '$1 == "00000.M2TS" { print $2 }'); b=$(lba /BDMV/BACKUP/ | awk '$1 == "INDEX.BDMV" { print $2 }')
[ -n "$i" ] && [ -n "$m" ] && [ -n "$s" ] && [ -n "$b" ] && [ "$i" -lt "$m" ] && [ "$m" -lt "$s" ] && [ "$s" -lt "$b" ]
ok $? "order: index.bdmv ($i), MovieObject.bdmv ($m), the stream ($s), the backups ($b)"
"$dw" verify --fs "$tmp/bd.iso" >"$tmp/v" 2>&1; ok $? "verify --fs passes the BD image"
mkdir "$tmp/none"; "$dw" -q author --bdmv "$tmp/none" -o "$tmp/n.iso" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'no /BDMV' "$tmp/err"; ok $? "refused: no /BDMV (exit $rc)"
cp -r "$src" "$tmp/b2"; printf 'XXXX0200' | dd of="$tmp/b2/BDMV/index.bdmv" conv=notrunc 2>/dev/null
"$dw" -q author --bdmv "$tmp/b2" -o "$tmp/b2.iso" 2>"$tmp/err"; rc=$?
[ $rc -ne 0 ] && grep -q 'index.bdmv does not start with INDX' "$tmp/err"; ok $? "refused: index.bdmv without INDX (exit $rc)"
rm "$tmp/b2/BDMV/MovieObject.bdmv"; cp "$src/BDMV/index.bdmv" "$tmp/b2/BDMV/"
"$dw" -q author --bdmv "$tmp/b2" -o "$tmp/b2.iso" 2>"$tmp/err"; rc=$?
[ $rc -eq 2 ] && grep -q 'MovieObject.bdmv is missing' "$tmp/err"; ok $? "refused: no MovieObject.bdmv (exit $rc)"
"$dw" -q author --bdmv --udf=2.01 "$src" -o "$tmp/r.iso" 2>/dev/null; rc=$?
[ $rc -eq 2 ]; ok $? "refused: --bdmv with --udf=2.01 (exit $rc)"
done_testing
