#!/bin/sh
# burn_dvd.sh: an ISO burnt by discwright to blank DVD-R (disc at once:
# closed; incremental with --multi: appendable), DVD+R and BD-R (one
# session closed, or left open with --multi), DVD+RW (formatted by
# libburn as it writes) and BD-RE (never formatted: discwright formats it
# first) in the virtual recorder; `media` reports the state, and `rip` of
# the burnt disc gives the ISO byte for byte (the zero padding a recorder
# adds to its ECC block or cluster is not part of the ISO; an overwritable
# medium's image is its ISO 9660 volume).  xorriso (libburn's reader, not
# ours) sees the files.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/burn_lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkiso "$tmp" DVDDATA 700
blocks=$(($(stat -c %s "$tmp/DVDDATA.iso") / 2048))

# burn MEDIUM NAME OPTIONS... ; then STATUS: what media must say.
one() {
    medium=$1 name=$2 want=$3
    shift 3
    mkdir "$tmp/$name" "$tmp/$name.rip"
    rec "$medium" "$tmp/$name" "$dw" burn "$tmp/DVDDATA.iso" --drive /dev/sr0 "$@" >/dev/null 2>"$tmp/err"; rc=$?
    ok $rc "$medium: burn $* [$rc]"
    test $rc -eq 0 || sed 's/^/# /' "$tmp/err"
    st=$(mstatus "$tmp/$name" "$medium")
    test "$st" = "$want"; ok $? "$medium: media says $want ($st)"
    rec "$medium" "$tmp/$name" "$dw" rip /dev/sr0 -o "$tmp/$name.rip/x" >/dev/null 2>"$tmp/err"; rc=$?
    test $rc -eq 0 && cmp -s "$tmp/$name.rip/x.iso" "$tmp/DVDDATA.iso"; ok $? "$medium: rip gives the ISO byte for byte [$rc]"
}
one dvd-r dvdr closed
one dvd-r dvdrm appendable --multi
one dvd+r dvdpr closed
one dvd+r dvdprm appendable --multi
one bd-r bdr closed
one dvd+rw dvdprw appendable
test "$(jget "$tmp/dvdprw.media" "(d['overwritable'], d['iso_blocks'], d['nwa'])")" = "(True, $blocks, $(((blocks + 31) / 32 * 32)))"
ok $? "dvd+rw: overwritable, the ISO's $blocks blocks, grows at the next 64 KiB"
mkdir "$tmp/bdre"
st=$(mstatus "$tmp/bdre" bd-re)
test "$st" = blank && test "$(jget "$tmp/bdre.media" "d['unformatted']")" = True; ok $? "bd-re: a new BD-RE is blank and unformatted"
rm -rf "$tmp/bdre"
one bd-re bdre appendable
test "$(jget "$tmp/bdre.media" "(d['unformatted'], d['iso_blocks'])")" = "(False, $blocks)"; ok $? "bd-re: formatted, holds the ISO"
rec dvd+r "$tmp/dvdprm" xorriso -indev /dev/sr0 -find / -type f 2>/dev/null | grep -q "'/d/name.txt'"
ok $? "xorriso -indev reads the DVD+R"
done_testing
