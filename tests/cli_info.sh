#!/bin/sh
# cli_info.sh: `discwright info` on every kind of source — cue/bin and
# cdrdao toc through libcdio's image drivers, an ISO, a CloneCD .ccd —
# and on the virtual drive, where the report must equal what the .ccd
# it serves describes (sessions, tracks, pregaps, indexes, flags, MCN,
# ISRCs, CD-TEXT), and `drives` must list it.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
mkfix="$top_builddir/tests/vdrive/dw-mkfixture"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON"

# --- a cue/bin: Mode 1 track with an ISO PVD, two audio tracks -------------
python3 - "$tmp" <<'PY'
import sys, os
d = sys.argv[1]
def raw_mode1(lba, user):
    m, s, f = (lba + 150) // 4500, (lba + 150) // 75 % 60, (lba + 150) % 75
    bcd = lambda v: (v // 10) << 4 | v % 10
    return bytes([0] + [0xFF] * 10 + [0, bcd(m), bcd(s), bcd(f), 1]) + user.ljust(2048, b"\0") + bytes(288)
pvd = bytearray(2048)
pvd[0] = 1; pvd[1:6] = b"CD001"; pvd[6] = 1
pvd[40:72] = b"CUE_FIXTURE".ljust(32, b" ")
with open(os.path.join(d, "t.bin"), "wb") as f:
    for lba in range(300):
        f.write(raw_mode1(lba, bytes(pvd) if lba == 16 else b"data %d" % lba))
    for i in range(150 + 225):            # track 2: 75 pregap + 300 audio
        f.write(bytes([(i * 7 + k) & 0xFF for k in range(2352)]))
    for i in range(150):                  # track 3
        f.write(bytes([(i * 3 + k) & 0xFF for k in range(2352)]))
open(os.path.join(d, "t.cue"), "w").write('''CATALOG 1234567890128
FILE "t.bin" BINARY
  TRACK 01 MODE1/2352
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    FLAGS DCP
    INDEX 00 00:04:00
    INDEX 01 00:05:00
  TRACK 03 AUDIO
    FLAGS PRE
    ISRC USABC1234567
    INDEX 01 00:09:00
''')
open(os.path.join(d, "a.toc"), "w").write('''CD_DA
CATALOG "1234567890128"
TRACK AUDIO
NO COPY
FILE "t.bin" 0 00:05:00
TRACK AUDIO
COPY
PRE_EMPHASIS
ISRC "USABC1234567"
FILE "t.bin" 00:05:00 00:03:00
START 00:01:00
''')
PY
ok $? "fixtures written"

"$dw" info --json "$tmp/t.cue" >"$tmp/cue.json" 2>"$tmp/err"; ok $? "info on a cue sheet"
python3 - "$tmp/cue.json" <<'PY'; ok $? "cue: tracks, modes, flags, pregap, ISRC, MCN, label"
import json, sys
d = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]
t = d["tracks"]
assert [x["number"] for x in t] == [1, 2, 3], t
assert [x["mode"] for x in t] == ["MODE1", "AUDIO", "AUDIO"], t
assert [x["start"] for x in t] == [0, 375, 675], t
assert t[1]["pregap"] == 75, t[1]
assert t[0]["length"] == 300 and t[1]["length"] == 300 and t[2]["length"] == 150, t
assert "DATA" in t[0]["flags"] and t[1]["flags"] == ["DCP"] and t[2]["flags"] == ["PRE"], t
assert t[2]["isrc"] == "USABC1234567" and t[1]["isrc"] is None
assert d["mcn"] == "1234567890128", d["mcn"]
assert d["label"] == "CUE_FIXTURE", d["label"]
assert d["sessions"][0]["leadout"] == 825, d["sessions"]
PY

"$dw" info --json "$tmp/a.toc" >"$tmp/toc.json" 2>"$tmp/err"; ok $? "info on a cdrdao toc"
python3 - "$tmp/toc.json" <<'PY'; ok $? "toc: tracks, START pregap, flags, ISRC, MCN"
import json, sys
d = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]
t = d["tracks"]
assert [x["start"] for x in t] == [0, 450], t
assert t[1]["pregap"] == 75 and t[0]["length"] == 375, t
assert t[0]["flags"] == [] and sorted(t[1]["flags"]) == ["DCP", "PRE"], t
assert t[1]["isrc"] == "USABC1234567"
assert d["mcn"] == "1234567890128"
PY

"$dw" info "$tmp/t.cue" >"$tmp/human" 2>&1; ok $? "human report"
grep -q "USABC1234567" "$tmp/human" && grep -q "CUE_FIXTURE" "$tmp/human" && grep -q "MODE1" "$tmp/human"
ok $? "human report names ISRC, label and modes"

printf 'not an image\n' >"$tmp/junk.iso"
"$dw" info "$tmp/junk.iso" >/dev/null 2>"$tmp/err"; rc=$?
test $rc -eq 4 && grep -q "junk.iso" "$tmp/err"; ok $? "a file that is no image: exit 4 (cannot be opened), named [$rc]"

# --- the virtual drive ------------------------------------------------------
[ -x "$mkfix" ] && [ -x "$vd" ] || { diag "virtual drive not built"; done_testing; }
mkdir -p "$tmp/fx" && "$mkfix" "$tmp/fx" >/dev/null 2>&1; ok $? "virtual drive fixtures made"

"$dw" info --json "$tmp/fx/vdvd.iso" >"$tmp/iso.json" 2>"$tmp/err"; ok $? "info on an ISO"
label=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][-1]["data"]["label"])' "$tmp/iso.json")
test -n "$label" && test "$label" != None; ok $? "ISO label read [$label]"

"$vd" --profile dvd "$tmp/fx/vdvd.iso" -- "$dw" info --json /dev/sr0 >"$tmp/dvd.json" 2>"$tmp/err"
ok $? "info on the virtual DVD drive"
python3 - "$tmp/dvd.json" "$label" <<'PY'; ok $? "DVD: profile DVD-ROM, size and label from the drive"
import json, sys, os
d = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]
assert d["profile"] == "DVD-ROM" and d["kind"] == "DVD", d
assert d["label"] == sys.argv[2], d["label"]
assert d["total_sectors"] > 0 and d["tracks"][0]["length"] == d["total_sectors"]
PY

# compare DEVICE_JSON CCD_JSON: the drive's report equals the .ccd's.
compare() {
    python3 - "$1" "$2" <<'PY'
import json, sys
dev = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]
ccd = [json.loads(l) for l in open(sys.argv[2])][-1]["data"]
def tracks(d):
    return [{k: t[k] for k in ("number", "session", "mode", "flags", "start", "length", "pregap",
                               "indexes", "isrc")} for t in d["tracks"]]
def sessions(d):
    return [{k: s[k] for k in ("number", "first_track", "last_track", "leadout", "format")} for s in d["sessions"]]
problems = []
for name, a, b in (("tracks", tracks(dev), tracks(ccd)), ("sessions", sessions(dev), sessions(ccd)),
                   ("mcn", dev["mcn"], ccd["mcn"]), ("cdtext", dev["cdtext"], ccd["cdtext"])):
    if a != b:
        problems.append("%s differ:\n  drive: %s\n  ccd:   %s" % (name, a, b))
if problems:
    print("\n".join(problems))
    sys.exit(1)
PY
}
discs="$tmp/fx/vdisc.ccd $tmp/fx/vms.ccd"
for s in audio mode1 mode2xa mixed enhanced; do
    [ -f "$top_builddir/samples/out/$s.ccd" ] && discs="$discs $top_builddir/samples/out/$s.ccd"
done
for ccd in $discs; do
    n=$(basename "$ccd" .ccd)
    "$dw" info --json "$ccd" >"$tmp/$n.ccd.json" 2>"$tmp/$n.err"; ok $? "$n: info on the .ccd"
    "$vd" "$ccd" -- "$dw" info --json /dev/sr0 >"$tmp/$n.dev.json" 2>>"$tmp/$n.err"
    ok $? "$n: info on the virtual drive"
    compare "$tmp/$n.dev.json" "$tmp/$n.ccd.json" | sed 's/^/# /'
    compare "$tmp/$n.dev.json" "$tmp/$n.ccd.json" >/dev/null; ok $? "$n: the drive reports what the .ccd describes"
done

"$vd" "$tmp/fx/vdisc.ccd" -- "$dw" drives --json >"$tmp/drives.json" 2>"$tmp/err"; ok $? "drives under the virtual drive"
python3 - "$tmp/drives.json" <<'PY'; ok $? "drives lists /dev/sr0 with the virtual drive's vendor and a medium"
import json, sys
d = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]["drives"]
sr0 = [x for x in d if x["path"] == "/dev/sr0"]
assert sr0 and sr0[0]["vendor"] == "DISCWRIG" and sr0[0]["medium"], d
PY
done_testing
