#!/bin/sh
# cli_info_vdrive.sh: for each sample disc of samples/mksamples,
# `discwright info` on the virtual drive serving it, and on the .ccd
# itself, must both equal the maker's ground truth (NAME.truth.json):
# sessions, tracks with pregaps, indexes, flags and ISRCs, MCN, CD-TEXT
# and the label.  The DVD sample is checked for kind, size and label.
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed to read the JSON"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"

# skip WHY: one skipped test point (tap.sh has only skip_all).
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n # SKIP $1"; }

# same GOT TRUTH: the fields the drive must report as the truth says.
same() {
    python3 - "$1" "$2" <<'PY'
import json, sys
got = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]
truth = json.load(open(sys.argv[2]))
def tracks(d):
    return [{k: t.get(k) for k in ("number", "session", "mode", "flags", "start", "length",
                                   "pregap", "indexes", "isrc")} for t in d["tracks"]]
def sessions(d):
    return [{k: s.get(k) for k in ("number", "first_track", "last_track", "leadout", "format")}
            for s in d["sessions"]]
bad = []
for name, a, b in (("tracks", tracks(got), tracks(truth)), ("sessions", sessions(got), sessions(truth)),
                   ("mcn", got.get("mcn"), truth.get("mcn")), ("cdtext", got.get("cdtext"), truth.get("cdtext")),
                   ("label", got.get("label"), truth.get("label")),
                   ("total_sectors", got.get("total_sectors"), truth.get("total_sectors"))):
    if a != b:
        bad.append("%s differ:\n  got:   %s\n  truth: %s" % (name, a, b))
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY
}

for n in audio mode1 mode2xa mixed enhanced; do
    ccd="$out/$n.ccd"
    if [ ! -f "$ccd" ]; then
        skip "$n: sample not made"; skip "$n"; skip "$n"; skip "$n"; continue
    fi
    "$vd" "$ccd" -- "$dw" info --json /dev/sr0 >"$tmp/$n.dev.json" 2>"$tmp/$n.err"
    ok $? "$n: info on the virtual drive"
    same "$tmp/$n.dev.json" "$out/$n.truth.json" | sed 's/^/# /'
    same "$tmp/$n.dev.json" "$out/$n.truth.json" >/dev/null; ok $? "$n: the drive reports the truth"
    "$dw" info --json "$ccd" >"$tmp/$n.ccd.json" 2>>"$tmp/$n.err"; ok $? "$n: info on the .ccd"
    same "$tmp/$n.ccd.json" "$out/$n.truth.json" | sed 's/^/# /'
    same "$tmp/$n.ccd.json" "$out/$n.truth.json" >/dev/null; ok $? "$n: the .ccd reports the truth"
done

if [ -f "$out/dvd.iso" ]; then
    "$vd" "$out/dvd.iso" -- "$dw" info --json /dev/sr0 >"$tmp/dvd.json" 2>"$tmp/dvd.err"
    ok $? "dvd: info on the virtual drive"
    python3 - "$tmp/dvd.json" "$out/dvd.iso" <<'PY'; ok $? "dvd: kind DVD, size of the image, label"
import json, os, sys
d = [json.loads(l) for l in open(sys.argv[1])][-1]["data"]
assert d["kind"] == "DVD", d["kind"]
assert d["total_sectors"] == os.path.getsize(sys.argv[2]) // 2048, d["total_sectors"]
assert d["label"], d["label"]
PY
else
    skip "dvd: sample not made"; skip "dvd"
fi

"$vd" "$out/audio.ccd" -- "$dw" drives >"$tmp/drives" 2>&1; ok $? "drives under the virtual drive"
grep -q "/dev/sr0" "$tmp/drives"; ok $? "drives lists /dev/sr0"
done_testing
