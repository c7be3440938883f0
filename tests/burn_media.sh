#!/bin/sh
# burn_media.sh: preparing and checking media on the virtual recorder.
# blank --fast and --full make a written CD-RW and DVD-RW blank again
# (and they take a new burn); format turns a new DVD+RW and BD-RE into
# formatted, overwritable media and a DVD-RW into restricted overwrite;
# --simulate (test write, the laser off) leaves a blank CD-R and DVD-R
# blank; --verify after the burn catches the byte the recorder was told
# to record wrong (fault corrupt=LBA) and names its LBA, exit 6.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/burn_lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkiso "$tmp" MEDIA 500

# --- blank ---------------------------------------------------------------------
for m in cd-rw dvd-rw; do
    mkdir "$tmp/$m"
    rec $m "$tmp/$m" "$dw" burn "$tmp/MEDIA.iso" --drive /dev/sr0 >/dev/null 2>&1
    test "$(mstatus "$tmp/$m" $m)" = closed && test "$(jget "$tmp/$m.media" "d['erasable']")" = True
    ok $? "$m: written and closed, erasable"
    rec $m "$tmp/$m" "$dw" blank --fast --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
    test $rc -eq 0 && test "$(rstatus "$tmp/$m")" = blank; ok $? "$m: blank --fast leaves it blank [$rc]"
    rec $m "$tmp/$m" "$dw" burn "$tmp/MEDIA.iso" --drive /dev/sr0 --multi >/dev/null 2>&1; rc=$?
    test $rc -eq 0 && test "$(rstatus "$tmp/$m")" = appendable; ok $? "$m: takes a new session after blanking [$rc]"
    rec $m "$tmp/$m" "$dw" blank --full --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
    test $rc -eq 0 && test "$(mstatus "$tmp/$m" $m)" = blank; ok $? "$m: blank --full leaves it blank [$rc]"
done
mkdir "$tmp/cdr"
rec cd-r "$tmp/cdr" "$dw" burn "$tmp/MEDIA.iso" --drive /dev/sr0 >/dev/null 2>&1
rec cd-r "$tmp/cdr" "$dw" blank --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 20 && grep -q "cannot be blanked" "$tmp/err"; ok $? "a CD-R cannot be blanked: exit 20, said so [$rc]"

# --- format ---------------------------------------------------------------------
for m in dvd+rw bd-re dvd-rw; do
    mkdir -p "$tmp/f$m"
    rec $m "$tmp/f$m" "$dw" format --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
    st=$(mstatus "$tmp/f$m" $m)
    test $rc -eq 0 && test "$st" = blank && test "$(jget "$tmp/f$m.media" "(d['overwritable'], d['unformatted'])")" = "(True, False)"
    ok $? "$m: format makes it formatted and overwritable [$rc]"
done
test "$(jget "$tmp/fdvd-rw.media" "d['profile']")" = 19; ok $? "dvd-rw: formatted to restricted overwrite (profile 0x13)"
mkdir "$tmp/fdvd-rw.rip"
rec dvd-rw "$tmp/fdvd-rw" "$dw" burn "$tmp/MEDIA.iso" --drive /dev/sr0 >/dev/null 2>&1; rc=$?
rec dvd-rw "$tmp/fdvd-rw" "$dw" rip /dev/sr0 -o "$tmp/fdvd-rw.rip/x" >/dev/null 2>&1
test $rc -eq 0 && cmp -s "$tmp/fdvd-rw.rip/x.iso" "$tmp/MEDIA.iso"; ok $? "dvd-rw restricted overwrite: burnt and read back [$rc]"

# --- simulate -----------------------------------------------------------------
for m in cd-r dvd-r; do
    mkdir "$tmp/s$m"
    DW_VDRIVE_LOG="$tmp/s$m.log" rec $m "$tmp/s$m" "$dw" burn "$tmp/MEDIA.iso" --drive /dev/sr0 --simulate >/dev/null 2>"$tmp/err"; rc=$?
    test $rc -eq 0 && grep -q 'mmc 2A ' "$tmp/s$m.log" && test "$(rstatus "$tmp/s$m")" = blank
    ok $? "$m: --simulate sends the writes with the laser off; the medium stays blank [$rc]"
done

# --- verify ---------------------------------------------------------------------
for m in cd-r dvd+r; do
    mkdir "$tmp/v$m"
    recf corrupt=300 $m "$tmp/v$m" "$dw" burn "$tmp/MEDIA.iso" --drive /dev/sr0 --verify >/dev/null 2>"$tmp/err"; rc=$?
    test $rc -eq 6 && grep -q "verify failed: LBA 300 differs" "$tmp/err" && grep -q "burn it again" "$tmp/err"
    ok $? "$m: --verify finds the byte recorded wrong at LBA 300, exit 6 [$rc]"
done
mkdir "$tmp/good"
rec dvd+r "$tmp/good" "$dw" --json burn "$tmp/MEDIA.iso" --drive /dev/sr0 --verify >"$tmp/good.json" 2>/dev/null; rc=$?
test $rc -eq 0 && test "$(jget "$tmp/good.json" "d['verified']")" = True; ok $? "dvd+r: a good burn verifies [$rc]"
done_testing
