#!/bin/sh
# burn_multi.sh: sessions on the virtual recorder.  Three `burn --author
# DIR --multi` sessions on CD-R and DVD+R (sequential: each session its
# own track after the last) and on DVD+RW and BD-RE (overwritable: the
# ISO grown in place, its superblock rewritten): `ls`, `extract` and
# `xorriso -indev` see the newest tree with every file of every session,
# byte for byte.  An enhanced CD: the audio sample's cue with --multi,
# then a data session authored onto it (a new ISO tree at the next
# writable address): rip shows both sessions, the audio BINs equal the
# source's, and the data session holds its files.  The mixed-mode sample
# (data + audio): libburn writes mixed sessions track at once only, so the
# drive makes each pregap; the data track and every audio track from its
# INDEX 01 come back byte for byte, and the changed pregaps are said.
. "$top_srcdir/tests/tap.sh"
. "$top_srcdir/tests/burn_lib.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
[ -f "$out/mixed.ccd" ] || skip_all "samples/out is missing (make samples)"
mkdir -p "$tmp/s1/docs" "$tmp/s2" "$tmp/s3/deep/er"
head -c 250000 /dev/urandom >"$tmp/s1/one.bin"
echo first >"$tmp/s1/docs/a.txt"
head -c 70000 /dev/urandom >"$tmp/s2/two.bin"
echo third >"$tmp/s3/deep/er/c.txt"
(cd "$tmp" && find s1 s2 s3 -type f | sed 's|^s[123]/||' | sort) >"$tmp/want"

for m in cd-r dvd+r dvd+rw bd-re; do
    mkdir "$tmp/$m"
    rc=0
    for s in 1 2 3; do
        rec $m "$tmp/$m" "$dw" burn "$tmp/s$s" --author --multi --drive /dev/sr0 >/dev/null 2>"$tmp/err" || rc=$?
    done
    ok $rc "$m: three --author --multi sessions [$rc]"
    test $rc -eq 0 || sed 's/^/# /' "$tmp/err"
    case $m in
    cd-r|dvd+r)
        test "$(mstatus "$tmp/$m" $m)" = appendable && test "$(jget "$tmp/$m.media" "d['sessions']")" = 3
        ok $? "$m: media shows three sessions, still appendable" ;;
    *)
        test "$(mstatus "$tmp/$m" $m)" = appendable && test "$(jget "$tmp/$m.media" "d['overwritable']")" = True
        ok $? "$m: media shows the grown ISO, appendable" ;;
    esac
    rec $m "$tmp/$m" "$dw" ls /dev/sr0 2>/dev/null | awk '$1 !~ /^d/ {print substr($4, 2)}' | sort >"$tmp/$m.ls"
    cmp -s "$tmp/want" "$tmp/$m.ls"; ok $? "$m: ls lists every file of every session"
    rec $m "$tmp/$m" "$dw" extract /dev/sr0 -o "$tmp/$m.x" >/dev/null 2>&1; rc=$?
    same=$rc
    for f in $(cat "$tmp/want"); do
        src=$(ls "$tmp"/s[123]/"$f" 2>/dev/null | head -n 1)
        cmp -s "$src" "$tmp/$m.x/$f" || same=1
    done
    ok $same "$m: extract gives every file byte for byte [$rc]"
    rec $m "$tmp/$m" xorriso -indev /dev/sr0 -find / -type f 2>/dev/null | sed -n "s|^'/\(.*\)'$|\1|p" | sort >"$tmp/$m.xo"
    cmp -s "$tmp/want" "$tmp/$m.xo"; ok $? "$m: xorriso -indev sees every file"
done

# --- an enhanced CD -----------------------------------------------------------
mkdir "$tmp/src" "$tmp/enh" "$tmp/enh.rip"
"$vd" "$out/audio.ccd" -- "$dw" rip /dev/sr0 -o "$tmp/src/audio" --format bincue >/dev/null 2>&1
rec cd-r "$tmp/enh" "$dw" burn "$tmp/src/audio.cue" --drive /dev/sr0 --multi >/dev/null 2>&1; rc1=$?
rec cd-r "$tmp/enh" "$dw" burn "$tmp/s1" --author --multi --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc2=$?
test $rc1 -eq 0 && test $rc2 -eq 0; ok $? "enhanced CD: the audio session with --multi, then a data session [$rc1 $rc2]"
rec cd-r "$tmp/enh" "$dw" rip /dev/sr0 -o "$tmp/enh.rip/e" --format bincue >/dev/null 2>&1; rc=$?
test $rc -eq 0 && grep -q '^REM SESSION 02' "$tmp/enh.rip/e.cue" && grep -q 'TRACK 06 MODE1/2352' "$tmp/enh.rip/e.cue"
ok $? "enhanced CD: rip shows two sessions, the data track as track 6 [$rc]"
same=0
for i in 1 2 3 4 5; do cmp -s "$tmp/src/audio (Track $i).bin" "$tmp/enh.rip/e (Track $i).bin" || same=1; done
ok $same "enhanced CD: the audio session's BINs equal the source's"
rec cd-r "$tmp/enh" "$dw" extract /dev/sr0 -o "$tmp/enh.x" >/dev/null 2>&1
cmp -s "$tmp/s1/one.bin" "$tmp/enh.x/one.bin" && cmp -s "$tmp/s1/docs/a.txt" "$tmp/enh.x/docs/a.txt"
ok $? "enhanced CD: the data session's files come back"

# --- the mixed-mode sample ----------------------------------------------------------
mkdir "$tmp/mx" "$tmp/mixed" "$tmp/mixed.rip"
"$vd" "$out/mixed.ccd" -- "$dw" rip /dev/sr0 -o "$tmp/mx/mixed" --format bincue,iso >/dev/null 2>&1
rec cd-r "$tmp/mixed" "$dw" burn "$tmp/mx/mixed.cue" --drive /dev/sr0 >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 0 && grep -q "track 2: written track at once, its 150-block pregap is the drive's" "$tmp/err"
ok $? "mixed mode: burnt track at once, the pregaps' change said [$rc]"
rec cd-r "$tmp/mixed" "$dw" rip /dev/sr0 -o "$tmp/mixed.rip/mixed" --format bincue,iso >/dev/null 2>&1; rc=$?
test $rc -eq 0 && cmp -s "$tmp/mx/mixed.iso" "$tmp/mixed.rip/mixed.iso"; ok $? "mixed mode: the data track byte for byte [$rc]"
python3 - "$tmp/mx/mixed.cue" "$tmp/mixed.rip/mixed.cue" <<'PY'
import os, re, sys
def tracks(cue):
    out, cur, f = {}, None, None
    for line in open(cue):
        w = line.split()
        if w[:1] == ["FILE"]:
            f = os.path.join(os.path.dirname(cue), re.search(r'"(.*)"', line).group(1))
        elif w[:1] == ["TRACK"]:
            cur = int(w[1]); out[cur] = [f, w[2], 0]
        elif w[:2] == ["INDEX", "01"]:
            m, s, fr = map(int, w[2].split(":")); out[cur][2] = (m * 60 + s) * 75 + fr
    return out
a, b = tracks(sys.argv[1]), tracks(sys.argv[2])
bad = sorted(a) != sorted(b)
for t in a:
    if a[t][1] != "AUDIO" or t not in b:
        continue
    x = open(a[t][0], "rb").read()[a[t][2] * 2352:]
    y = open(b[t][0], "rb").read()[b[t][2] * 2352:]
    if x != y:
        print("# track %d differs after INDEX 01" % t); bad = True
sys.exit(1 if bad else 0)
PY
ok $? "mixed mode: every audio track from INDEX 01 byte for byte"
done_testing
