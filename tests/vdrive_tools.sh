#!/bin/sh
# vdrive_tools.sh: cross-checks of the virtual drive against peer tools
# reading it through the LD_PRELOAD module (tests/vdrive/dw-vdrive):
# cd-info (libcdio), cdparanoia (SG_IO) and cdrdao (SG_IO, read-toc and
# read-cd with raw P-W subchannel).  The disc is the fixture written by
# dw-mkfixture (see tests/vdrive/fixture.h); a missing tool skips its
# checks and says so.
. "$top_srcdir/tests/tap.sh"

b=$top_builddir/tests/vdrive
wrap=$b/dw-vdrive
[ -x "$wrap" ] || skip_all "tests/vdrive/dw-vdrive not built"
[ -r "$b/.libs/libdwvdrive.so" ] || skip_all "libdwvdrive.so not built"
[ -x "$b/dw-mkfixture" ] || skip_all "dw-mkfixture not built"

dir=$(mktemp -d "${TMPDIR:-/tmp}/vdrive-tools.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
"$b/dw-mkfixture" "$dir" || { echo "Bail out! cannot write the fixture"; exit 1; }
ccd=$dir/vdisc.ccd
log=$dir/trace.log

# have NAME VAR: the tool's path, from the configure-time variable or PATH.
have() {
    _p=$2
    [ -n "$_p" ] && [ -x "$_p" ] || _p=$(command -v "$1" 2>/dev/null) || _p=
    echo "$_p"
}
# grep_ok "description" PATTERN FILE
grep_ok() {
    if grep -q -e "$2" "$3"; then ok 0 "$1"; else ok 1 "$1"; diag "no '$2' in $3"; fi
}

cdinfo=$(have cd-info "$CD_INFO")
if [ -n "$cdinfo" ]; then
    "$wrap" --log "$log" "$ccd" -- "$cdinfo" --no-cddb --no-device-info /dev/sr0 >"$dir/cd-info.out" 2>&1
    ok $? "cd-info reads the virtual drive"
    out=$dir/cd-info.out
    grep_ok "cd-info: track list 1 - 3" 'Track List (1 - 3)' "$out"
    grep_ok "cd-info: track 1 data at 0" '^  1: 00:02:00  000000 data' "$out"
    grep_ok "cd-info: track 2 audio at 450" '^  2: 00:08:00  000450 audio' "$out"
    grep_ok "cd-info: track 3 audio at 850" '^  3: 00:13:25  000850 audio' "$out"
    grep_ok "cd-info: lead-out at 1200" '^170: 00:18:00  001200 leadout' "$out"
    grep_ok "cd-info: MCN" 'Media Catalog Number (MCN): 0123456789012' "$out"
    grep_ok "cd-info: ISRC of track 2" 'TRACK  2 ISRC: USDW12600001' "$out"
    grep_ok "cd-info: ISRC of track 3" 'TRACK  3 ISRC: USDW12600002' "$out"
    grep_ok "cd-info: CD-TEXT album title" 'TITLE: Virtual Album' "$out"
    grep_ok "cd-info: CD-TEXT track title" 'TITLE: Noise' "$out"
    "$wrap" "$dir/vms.ccd" -- "$cdinfo" --no-cddb --no-device-info /dev/sr0 >"$dir/ms.out" 2>&1
    ok $? "cd-info reads the two-session disc"
    out=$dir/ms.out
    grep_ok "cd-info: session 2 track 2 at 12000" '^  2: 02:42:00  012000 data' "$out"
    grep_ok "cd-info: last session at 12000" 'Last CD Session LSN: 12000' "$out"
    grep_ok "cd-info: CD-Extra detected" 'session #2 starts at track  2, LSN: 12000' "$out"
    "$wrap" "$dir/vdvd.iso" -- "$cdinfo" --no-cddb --no-device-info /dev/sr0 >"$dir/dvd.out" 2>&1
    grep_ok "cd-info: an ISO is served as a DVD-ROM" 'Disc mode is listed as: DVD-ROM' "$dir/dvd.out"
else
    diag "cd-info not installed: skipping its checks"
fi

paranoia=$(have cdparanoia "$CDPARANOIA")
if [ -n "$paranoia" ]; then
    "$wrap" "$ccd" -- "$paranoia" -Q -d /dev/sr0 >"$dir/q.out" 2>&1
    ok $? "cdparanoia -Q reads the virtual drive"
    out=$dir/q.out
    grep_ok "cdparanoia: track 2 400 sectors at 450" '^  2\.      400 \[00:05\.25\]      450 \[00:06\.00\]    no   no  2' "$out"
    grep_ok "cdparanoia: track 3 350 sectors at 850, pre-emphasis" '^  3\.      350 \[00:04\.50\]      850 \[00:11\.25\]    no  yes  2' "$out"
    grep_ok "cdparanoia: 750 audio sectors" '^TOTAL     750' "$out"
    # --offset N is the drive's correction (AccurateRip/EAC sign): a read
    # of LBA L returns the true samples from L*588 - N.  Plain cdparanoia
    # therefore gets track 2 shifted by N samples; with -O N (the same
    # sign, as whipper passes it) it gets the track exact.
    for off in 0 30 -7; do
        rm -f "$dir/t2.wav"
        "$wrap" --offset "$off" "$ccd" -- "$paranoia" -Z -d /dev/sr0 2 "$dir/t2.wav" >/dev/null 2>&1
        skip=$((450 * 2352 - off * 4))
        tail -c +45 "$dir/t2.wav" >"$dir/t2.pcm" 2>/dev/null
        dd if="$dir/vdisc.img" of="$dir/want.pcm" bs=4 skip=$((skip / 4)) count=$((400 * 588)) 2>/dev/null
        check "cdparanoia without -O: track 2 shifted by the read offset $off" cmp -s "$dir/t2.pcm" "$dir/want.pcm"
        rm -f "$dir/t2.wav"
        "$wrap" --offset "$off" "$ccd" -- "$paranoia" -Z -O "$off" -d /dev/sr0 2 "$dir/t2.wav" >/dev/null 2>&1
        tail -c +45 "$dir/t2.wav" >"$dir/t2.pcm" 2>/dev/null
        dd if="$dir/vdisc.img" of="$dir/want.pcm" bs=2352 skip=450 count=400 2>/dev/null
        check "cdparanoia -O $off on a drive with offset $off rips track 2 bit-exact" cmp -s "$dir/t2.pcm" "$dir/want.pcm"
    done
else
    diag "cdparanoia not installed: skipping its checks"
fi

cdrdao=$(have cdrdao "$CDRDAO")
if [ -n "$cdrdao" ]; then
    (cd "$dir" && "$wrap" "$ccd" -- "$cdrdao" read-toc --device /dev/sr0 out.toc) >"$dir/rt.out" 2>&1
    ok $? "cdrdao read-toc reads the virtual drive"
    toc=$dir/out.toc
    grep_ok "cdrdao: CATALOG" '^CATALOG "0123456789012"' "$toc"
    ok "$([ "$(grep -c '^TRACK ' "$toc")" = 3 ]; echo $?)" "cdrdao: three tracks"
    grep_ok "cdrdao: track 1 MODE1, 300 sectors" 'DATAFILE "data_1" 00:04:00' "$toc"
    grep_ok "cdrdao: track 2 400 sectors from 450" 'FILE "data.wav" 0 00:05:25' "$toc"
    grep_ok "cdrdao: track 2 pregap 150" '^START 00:02:00' "$toc"
    grep_ok "cdrdao: track 3 350 sectors" 'FILE "data.wav" 00:05:25 00:04:50' "$toc"
    grep_ok "cdrdao: track 3 index 2" '^INDEX 00:02:00' "$toc"
    grep_ok "cdrdao: ISRC of track 2" '^ISRC "USDW12600001"' "$toc"
    grep_ok "cdrdao: ISRC of track 3" '^ISRC "USDW12600002"' "$toc"
    grep_ok "cdrdao: pre-emphasis of track 3" '^PRE_EMPHASIS' "$toc"
    grep_ok "cdrdao: CD-TEXT album title" 'TITLE "Virtual Album"' "$toc"
    grep_ok "cdrdao: CD-TEXT track title" 'TITLE "Tone"' "$toc"
    (cd "$dir" && "$wrap" "$ccd" -- "$cdrdao" read-cd --device /dev/sr0 --read-raw \
        --read-subchan rw_raw --datafile rd.bin rd.toc) >"$dir/rc.out" 2>&1
    ok $? "cdrdao read-cd --read-raw --read-subchan rw_raw"
    check "cdrdao read-cd: main channel and raw P-W equal the .img/.sub" \
        "$b/dw-mkfixture" --check-rw "$dir/rd.bin" "$dir"
else
    diag "cdrdao not installed: skipping its checks"
fi

# The sample discs (make samples), when present: every track start of
# the .ccd's full TOC must appear in cd-info's track list.
if [ -n "$cdinfo" ]; then
    for s in "$top_builddir"/samples/out/*.ccd; do
        [ -r "$s" ] || continue
        name=$(basename "$s")
        "$wrap" "$s" -- "$cdinfo" --no-cddb --no-device-info --no-analyze /dev/sr0 >"$dir/s.out" 2>&1
        ok $? "cd-info reads sample $name"
        tr -d '\r' <"$s" | awk -F= '
            function num(v,   n, i, c) {
                v = tolower(v); gsub(/[ \t]/, "", v)
                if (substr(v, 1, 2) != "0x") return v + 0
                n = 0
                for (i = 3; i <= length(v); i++) {
                    c = index("0123456789abcdef", substr(v, i, 1)) - 1
                    if (c < 0) break
                    n = n * 16 + c
                }
                return n
            }
            tolower($1) ~ /^\[entry/ { p = -1; a = -1 }
            tolower($1) == "point" { p = num($2) }
            tolower($1) == "adr" { a = num($2) }
            tolower($1) == "plba" && p >= 1 && p <= 99 && a == 1 { printf "%d %06d\n", p, num($2) }' \
            >"$dir/s.starts"
        bad=0
        [ -s "$dir/s.starts" ] || { bad=1; diag "$name: no track entries found"; }
        while read -r t lsn; do
            grep -q "^ *$t: [0-9:]*  $lsn " "$dir/s.out" || { bad=1; diag "$name: track $t at $lsn not listed"; }
        done <"$dir/s.starts"
        ok "$bad" "cd-info lists every track start of sample $name"
    done
fi

[ "$_tap_n" -gt 0 ] || skip_all "none of cd-info, cdparanoia, cdrdao is installed"
done_testing
