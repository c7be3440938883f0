#!/bin/sh
# verify_compare.sh: image against image and drive against image.  A
# burned disc (here: a copy with 300 sectors of run-out appended, served
# by the virtual drive) compares equal over the image's own length; a
# flipped byte is found at its sector; a short copy is a mismatch; a
# CloneCD set read back raw (READ CD) through the drive compares equal.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
[ -f "$out/dvd.iso" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
iso="$out/dvd.iso"
cp "$iso" "$tmp/same.iso"
cp "$iso" "$tmp/padded.iso"
dd if=/dev/urandom bs=2048 count=300 2>/dev/null >>"$tmp/padded.iso"
cp "$iso" "$tmp/flip.iso"
printf 'X' | dd of="$tmp/flip.iso" bs=1 seek=$((30 * 2048 + 7)) conv=notrunc 2>/dev/null
n=$(($(wc -c <"$iso") / 2048))
dd if="$iso" of="$tmp/short.iso" bs=2048 count=$((n - 5)) 2>/dev/null

"$dw" verify "$tmp/same.iso" --against "$iso" >/dev/null 2>&1; ok $? "an identical copy compares equal"
"$dw" verify "$tmp/padded.iso" --against "$iso" >/dev/null 2>&1; ok $? "padding after the image's length is ignored"
"$dw" verify "$tmp/flip.iso" --against "$iso" >"$tmp/f.txt" 2>&1; rc=$?
[ $rc = 6 ] && grep -q "1 sector differs .* at LBA 30$" "$tmp/f.txt"; ok $? "a flipped byte: sector 30 (exit $rc)"
"$dw" verify "$tmp/short.iso" --against "$iso" >"$tmp/s.txt" 2>&1; rc=$?
[ $rc = 6 ] && grep -q "5 sectors .* are missing at LBA $((n - 5))-$((n - 1))" "$tmp/s.txt"
ok $? "a short copy: the missing tail is a mismatch (exit $rc)"

if [ -x "$vd" ]; then
    "$vd" "$tmp/padded.iso" -- "$dw" verify /dev/sr0 --against "$iso" >"$tmp/d.txt" 2>&1
    ok $? "a burned disc with run-out on the drive compares equal"
    "$vd" "$tmp/flip.iso" -- "$dw" verify /dev/sr0 --against "$iso" >"$tmp/d2.txt" 2>&1; rc=$?
    [ $rc = 6 ] && grep -q "at LBA 30$" "$tmp/d2.txt"; ok $? "the drive's flipped sector is found at 30 (exit $rc)"
    "$vd" "$out/mode1.ccd" -- "$dw" verify /dev/sr0 --against "$out/mode1.ccd" >"$tmp/d3.txt" 2>&1
    ok $? "a CD read raw through the drive equals its CloneCD image"
    cp "$out/mode1.ccd" "$out/mode1.img" "$out/mode1.sub" "$tmp/"
    printf 'X' | dd of="$tmp/mode1.img" bs=1 seek=$((200 * 2352 + 99)) conv=notrunc 2>/dev/null
    "$vd" "$out/mode1.ccd" -- "$dw" verify /dev/sr0 --against "$tmp/mode1.ccd" >"$tmp/d4.txt" 2>&1; rc=$?
    [ $rc = 6 ] && grep -q "track 1 @200 1 sector differs" "$tmp/d4.txt"; ok $? "raw: sector 200, track 1 (exit $rc)"
else
    diag "virtual drive not built"
fi
"$dw" verify /dev/sr0 >/dev/null 2>"$tmp/u.txt"; [ $? = 2 ]; ok $? "a drive without --against is a usage error"
done_testing
