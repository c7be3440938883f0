#!/bin/sh
# burn_cross.sh: writers we did not write, on the same virtual recorder,
# give the same discs as discwright's burns.  `cdrdao write` of the audio
# sample's toc (generic-mmc with CD-TEXT writing, option 0x10) ripped
# back equals the discwright burn of its cue: every BIN, the cue, the
# CD-TEXT file and the .ccd.  `xorriso -as cdrecord` (libburn's own front
# end) of an ISO, session at once and track at once, and `wodim -tao`
# record exactly the sectors, subchannel and TOC discwright's burns
# record (disc.img, disc.sub, disc.ccd of the medium compared).
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/burn_lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
mkiso "$tmp" CROSS 450

# same_disc A B: the two media hold the same recorded disc.
same_disc() { cmp -s "$1/disc.img" "$2/disc.img" && cmp -s "$1/disc.sub" "$2/disc.sub" && cmp -s "$1/disc.ccd" "$2/disc.ccd"; }

# --- cdrdao: the audio sample's toc ------------------------------------------------
if command -v cdrdao >/dev/null 2>&1; then
    mkdir "$tmp/src" "$tmp/dw" "$tmp/cdrdao" "$tmp/dw.rip" "$tmp/cdrdao.rip"
    "$vd" "$out/audio.ccd" -- "$dw" rip /dev/sr0 -o "$tmp/src/audio" --format bincue,toc >/dev/null 2>&1
    rec cd-r "$tmp/dw" "$dw" burn "$tmp/src/audio.cue" --drive /dev/sr0 >/dev/null 2>&1; rc1=$?
    (cd "$tmp/src" && rec cd-r "$tmp/cdrdao" cdrdao write -n --device /dev/sr0 --driver generic-mmc:0x10 audio.toc) \
        >"$tmp/cdrdao.out" 2>&1; rc2=$?
    test $rc1 -eq 0 && test $rc2 -eq 0; ok $? "the audio sample burnt by discwright (cue) and by cdrdao write (toc) [$rc1 $rc2]"
    test $rc2 -eq 0 || tail -n 5 "$tmp/cdrdao.out" | sed 's/^/# /'
    rec cd-r "$tmp/dw" "$dw" rip /dev/sr0 -o "$tmp/dw.rip/a" --format all >/dev/null 2>&1
    rec cd-r "$tmp/cdrdao" "$dw" rip /dev/sr0 -o "$tmp/cdrdao.rip/a" --format all >/dev/null 2>&1
    same=0
    for i in 1 2 3 4 5; do cmp -s "$tmp/dw.rip/a (Track $i).bin" "$tmp/cdrdao.rip/a (Track $i).bin" || same=1; done
    ok $same "cdrdao's disc: every BIN equals discwright's"
    cmp -s "$tmp/dw.rip/a.cue" "$tmp/cdrdao.rip/a.cue" && cmp -s "$tmp/dw.rip/a.cdt" "$tmp/cdrdao.rip/a.cdt" &&
        cmp -s "$tmp/dw.rip/a.ccd" "$tmp/cdrdao.rip/a.ccd"
    ok $? "cdrdao's disc: the same cue, CD-TEXT (both languages) and .ccd"
    cmp -s "$tmp/dw/disc.img" "$tmp/cdrdao/disc.img" && cmp -s "$tmp/dw/disc.sub" "$tmp/cdrdao/disc.sub"
    ok $? "cdrdao's disc: the same recorded sectors and subchannel"
else
    skip "cdrdao not installed"; skip "cdrdao not installed"; skip "cdrdao not installed"; skip "cdrdao not installed"
fi

# --- xorriso -as cdrecord: an ISO, SAO and TAO ------------------------------------------
for mode in sao tao; do
    mkdir "$tmp/x$mode" "$tmp/d$mode"
    rec cd-r "$tmp/x$mode" xorriso -as cdrecord dev=/dev/sr0 -nopad -$mode "$tmp/CROSS.iso" >/dev/null 2>&1; rc1=$?
    rec cd-r "$tmp/d$mode" "$dw" burn "$tmp/CROSS.iso" --drive /dev/sr0 --mode $mode >/dev/null 2>&1; rc2=$?
    test $rc1 -eq 0 && test $rc2 -eq 0 && same_disc "$tmp/x$mode" "$tmp/d$mode"
    ok $? "xorriso -as cdrecord -$mode records the disc discwright burn --mode $mode does [$rc1 $rc2]"
done
mkdir "$tmp/xsao.rip"
rec cd-r "$tmp/xsao" "$dw" rip /dev/sr0 -o "$tmp/xsao.rip/x" --format iso >/dev/null 2>&1
cmp -s "$tmp/xsao.rip/x.iso" "$tmp/CROSS.iso"; ok $? "xorriso's disc rips back to the ISO byte for byte"

# --- wodim -tao --------------------------------------------------------------------------
if command -v wodim >/dev/null 2>&1; then
    mkdir "$tmp/wodim"
    rec cd-r "$tmp/wodim" wodim dev=/dev/sr0 -tao -nopad "$tmp/CROSS.iso" >/dev/null 2>&1; rc=$?
    test $rc -eq 0 && same_disc "$tmp/wodim" "$tmp/dtao"; ok $? "wodim -tao records the disc discwright burn --mode tao does [$rc]"
else
    skip "wodim not installed"
fi
done_testing
