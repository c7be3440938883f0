#!/bin/sh
# verify_sectors.sh: raw sector checks.  Every sample disc verifies
# clean; a byte flipped in a data sector is found at its LBA (EDC/ECC),
# in a CloneCD set and in a redump cue's Track 1 BIN, and --repair
# writes a copy equal to the original bytes; a damaged Q frame in the
# .sub is found at its LBA; a rip's map with a bad run gives exit 5.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
out="$top_builddir/samples/out"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed"
[ -f "$out/mode1.ccd" ] || skip_all "samples/out is missing (make samples)"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# field JSON CHECK KEY: "first" of the first error finding of CHECK.
first_of() {
    python3 - "$1" "$2" <<'PY'
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]["findings"]
print(" ".join(str(f["first"]) for f in r if f["check"] == sys.argv[2] and f["severity"] == "error"))
PY
}
flip() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }

for n in mode1 mode2xa mixed enhanced audio; do
    "$dw" verify --sectors "$out/$n.ccd" >"$tmp/$n.txt" 2>&1; ok $? "$n: sectors and Q verify clean"
done

cp "$out/mode1.ccd" "$out/mode1.img" "$out/mode1.sub" "$tmp/"
flip "$tmp/mode1.img" $((123 * 2352 + 500)) 'Z'
"$dw" --json verify --sectors "$tmp/mode1.ccd" >"$tmp/m1.json" 2>/dev/null; rc=$?
[ $rc = 6 ]; ok $? "a flipped byte is a mismatch (exit $rc)"
[ "$(first_of "$tmp/m1.json" sector)" = "123 123" ]; ok $? "EDC and ECC name LBA 123 ($(first_of "$tmp/m1.json" sector))"
"$dw" verify --repair "$tmp/fixed.img" "$tmp/mode1.ccd" >"$tmp/rep.txt" 2>&1
grep -q "corrected in the copy: LBA 123" "$tmp/rep.txt"; ok $? "--repair lists LBA 123 as corrected"
cmp -s "$tmp/fixed.img" "$out/mode1.img"; ok $? "the repaired copy equals the original bytes"
"$dw" verify --repair "$tmp/fixed.img" "$tmp/mode1.ccd" >/dev/null 2>&1; [ $? = 7 ]
ok $? "an existing --repair output is not overwritten without --force"

# Mode 2 Form 1 (XA): header excluded from the parity; a subheader byte flipped.
cp "$out/mode2xa.ccd" "$out/mode2xa.img" "$tmp/"
flip "$tmp/mode2xa.img" $((40 * 2352 + 1000)) 'Q'
"$dw" verify --repair "$tmp/xa.img" "$tmp/mode2xa.ccd" >"$tmp/xa.txt" 2>&1; [ $? = 6 ]
ok $? "Mode 2 XA: the flipped byte is found"
cmp -s "$tmp/xa.img" "$out/mode2xa.img"; ok $? "Mode 2 XA: repaired to the original"

# Redump cue: Track 1 BIN.
python3 "$top_srcdir/tests/verify/split.py" "$out/mixed.truth.json" "$out/mixed.img" "$tmp" "Mixed" || exit 1
flip "$tmp/Mixed (Track 1).bin" $((77 * 2352 + 16)) 'A'
"$dw" --json verify --sectors "$tmp/Mixed.cue" >"$tmp/c.json" 2>/dev/null; [ $? = 6 ]; ok $? "cue: mismatch"
[ "$(first_of "$tmp/c.json" sector)" = "77 77" ]; ok $? "cue: found at LBA 77"
python3 - "$tmp/c.json" <<'PY'; ok $? "cue: the finding names track 1"
import json, sys
r = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]["findings"]
sys.exit(0 if all(f["track"] == 1 for f in r if f["check"] == "sector" and f["severity"] == "error") else 1)
PY

# .sub: a Q frame's CRC.
cp "$out/mode1.img" "$tmp/mode1.img"
flip "$tmp/mode1.sub" $((200 * 96 + 14)) '\377'
"$dw" --json verify --sectors "$tmp/mode1.ccd" >"$tmp/q.json" 2>/dev/null; [ $? = 6 ]; ok $? "damaged Q: mismatch"
[ "$(first_of "$tmp/q.json" subq)" = 200 ]; ok $? "damaged Q found at LBA 200"

# A rip's map with a bad run.
cp "$out/mode1.sub" "$tmp/mode1.sub"
printf '# Mapfile\n0x0 + 1\n0x0 0x%x +\n0x%x 0x%x -\n0x%x 0x%x +\n' $((10 * 2352)) $((10 * 2352)) $((5 * 2352)) \
    $((15 * 2352)) $((285 * 2352)) >"$tmp/mode1.map"
"$dw" verify --sectors "$tmp/mode1.ccd" >"$tmp/map.txt" 2>&1; rc=$?
[ $rc = 5 ] && grep -q "unreadable.*@10-14" "$tmp/map.txt"; ok $? "a map's bad run: unreadable at 10-14 (exit $rc)"
done_testing
