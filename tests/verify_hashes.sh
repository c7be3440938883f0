#!/bin/sh
# verify_hashes.sh: `discwright verify` against a .hash sidecar, a DAT
# and sum files, on the mixed-mode sample split into redump-style
# "BASE (Track N).bin" files.  The references are written here with
# python's hashlib/zlib and coreutils, independently of our hashing.
# A DAT with one wrong SHA-1 is reported for that track only; a flipped
# byte names its track; a missing file is "unreadable" (exit 5).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
[ -f "$out/mixed.img" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
B="Mixed Disc"
python3 "$top_srcdir/tests/verify/split.py" "$out/mixed.truth.json" "$out/mixed.img" "$tmp" "$B" || exit 1

python3 - "$tmp" "$B" <<'PY' || exit 1
import glob, hashlib, os, sys, zlib
d, base = sys.argv[1:3]
files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(d, base + " (Track *).bin")))
side = ["# discwright hashes 1", "# size crc32 md5 sha1 sha256 name"]
dat = ['<?xml version="1.0"?>', '<!DOCTYPE datafile PUBLIC "-//Logiqx//DTD ROM Management Datafile//EN" "x">',
       '<datafile><header><name>test</name></header>', '<game name="%s"><description>x</description>' % base]
for n in files:
    b = open(os.path.join(d, n), "rb").read()
    h = ["%08x" % (zlib.crc32(b) & 0xffffffff), hashlib.md5(b).hexdigest(), hashlib.sha1(b).hexdigest(),
         hashlib.sha256(b).hexdigest()]
    side.append("%d %s %s" % (len(b), " ".join(h), n))
    sha1 = h[2] if "Track 3" not in n else "0" * 40
    dat.append('<rom name="%s" size="%d" crc="%s" md5="%s" sha1="%s"/>' % (n, len(b), h[0].upper(), h[1], sha1))
dat.append("</game></datafile>")
open(os.path.join(d, base + ".hash"), "w").write("\n".join(side) + "\n")
open(os.path.join(d, "wrong.dat"), "w").write("\n".join(dat) + "\n")
PY
(cd "$tmp" && md5sum "$B (Track "*.bin > "$B.md5" && sha256sum -b "$B (Track "*.bin > all.sha256) || exit 1

# count JSONFILE SEVERITY [TRACK]: findings of that severity (and track) in the result.
count() {
    python3 - "$@" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]["findings"]
print(sum(1 for f in r if f["severity"] == sys.argv[2] and f["check"] == "hash"
          and (len(sys.argv) < 4 or f["track"] == int(sys.argv[3]))))
PY
}

"$dw" --json verify "$tmp/$B.cue" --hashes >"$tmp/a.json" 2>"$tmp/err"; ok $? "the sidecar beside the cue matches (exit 0)"
[ "$(count "$tmp/a.json" ok)" = 4 ]; ok $? "four files named as matching"
"$dw" verify "$tmp/$B.hash" >"$tmp/h.txt" 2>&1; ok $? "the sidecar as TARGET matches"
grep -q "Track 4).bin: matches" "$tmp/h.txt"; ok $? "the human report names each file"

"$dw" --json verify "$tmp/$B.cue" --against "$tmp/wrong.dat" >"$tmp/d.json" 2>"$tmp/err"; rc=$?
[ $rc = 6 ]; ok $? "a DAT with one wrong SHA-1: mismatch (exit $rc)"
[ "$(count "$tmp/d.json" error)" = 1 ] && [ "$(count "$tmp/d.json" error 3)" = 1 ]
ok $? "only track 3 is reported wrong"
[ "$(count "$tmp/d.json" ok)" = 3 ]; ok $? "the three other tracks match the DAT"
grep -q 'sha1 .*expected 0000' "$tmp/d.json"; ok $? "the message gives both SHA-1 values"

"$dw" verify "$tmp/$B.md5" >/dev/null 2>&1; ok $? "an md5sum file (text mode) matches"
"$dw" verify "$tmp/all.sha256" >/dev/null 2>&1; ok $? "a sha256sum -b file (binary mode) matches"

cp "$tmp/$B (Track 2).bin" "$tmp/keep.bin"
printf 'X' | dd of="$tmp/$B (Track 2).bin" bs=1 seek=123456 conv=notrunc 2>/dev/null
"$dw" --json verify "$tmp/$B.hash" >"$tmp/f.json" 2>/dev/null; rc=$?
[ $rc = 6 ] && [ "$(count "$tmp/f.json" error 2)" = 1 ] && [ "$(count "$tmp/f.json" error)" = 1 ]
ok $? "one flipped byte: track 2 and only it (exit $rc)"
"$dw" verify "$tmp/$B.md5" >/dev/null 2>&1; [ $? = 6 ]; ok $? "the md5sum file sees it too"
mv "$tmp/keep.bin" "$tmp/$B (Track 2).bin"

mv "$tmp/$B (Track 4).bin" "$tmp/gone.bin"
"$dw" --json verify "$tmp/$B.hash" >"$tmp/m.json" 2>/dev/null; rc=$?
[ $rc = 5 ] && [ "$(count "$tmp/m.json" unreadable 4)" = 1 ]; ok $? "a missing file: unreadable, track 4 (exit $rc)"
mv "$tmp/gone.bin" "$tmp/$B (Track 4).bin"

printf '<datafile><game name="x"><rom name="../etc/passwd" size="1" crc="00000000"/></game></datafile>' >"$tmp/bad.dat"
"$dw" verify "$tmp/bad.dat" >/dev/null 2>"$tmp/err"; [ $? = 1 ] && grep -q "bad.dat" "$tmp/err"
ok $? "a DAT naming a file outside its folder is refused, naming the DAT"
printf '# discwright hashes 1\n12 zz\n' >"$tmp/bad.hash"
"$dw" verify "$tmp/bad.hash" >/dev/null 2>"$tmp/err"; [ $? = 1 ] && grep -q "bad.hash:2" "$tmp/err"
ok $? "a malformed sidecar line is refused with FILE:LINE"
done_testing
