#!/bin/sh
# rip_cross.sh: our rip against two peer tools reading the same virtual
# disc.  For every audio-bearing sample (audio, mixed, enhanced, htoa),
# `discwright rip --format bincue` under dw-vdrive, then cdparanoia (per
# audio track) and `cdrdao read-cd --read-raw --read-subchan rw_raw` read
# the same drive, and the audio bytes must equal those of our
# "x (Track N).bin" files:
#  - cdparanoia track N covers INDEX 01 of N up to INDEX 01 of N+1 (or
#    the session's lead-out), little-endian like our BINs;
#  - cdrdao's data file holds 2352 + 96 bytes a sector (rw_raw), audio
#    big-endian, the audio session from its first track's INDEX 00 (it
#    leaves out a pregap after a data track): the whole audio region from
#    the first audio track's INDEX 01 to the lead-out must appear in it,
#    and where track 1 has a hidden track (htoa) the region from LBA 0.
# Once more with a drive read offset of +30 samples: rip and cdparanoia
# are told (`--offset 30`, `-O 30`) and must give the same exact bytes;
# cdrdao has no offset correction, so its stream must equal ours shifted
# by 30 samples.  cdparanoia does not read past the disc's last sector,
# so with +30 the last 30 samples of the disc's last track are not its
# own: that tail is left out of its comparison (and said in a diagnostic);
# our rip reads them from the lead-out (the drive overreads).
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
vd="$top_builddir/tests/vdrive/dw-vdrive"
out="$top_builddir/samples/out"
# The system Python (a pyenv shim in PATH costs seconds a call on a busy machine).
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 2>/dev/null) || skip_all "python3 is needed to compare the tools' outputs"
[ -x "$vd" ] || skip_all "the virtual drive wrapper tests/vdrive/dw-vdrive is not built"
[ -f "$out/audio.ccd" ] || skip_all "samples/out is missing (make samples)"
"$dw" rip --help >/dev/null 2>&1 || skip_all "discwright rip is not available yet"
paranoia=${CDPARANOIA:-$(command -v cdparanoia 2>/dev/null)}
cdrdao=${CDRDAO:-$(command -v cdrdao 2>/dev/null)}
[ -n "$paranoia" ] && [ -x "$paranoia" ] || skip_all "cdparanoia is not installed (tools/setup.sh)"
[ -n "$cdrdao" ] && [ -x "$cdrdao" ] || skip_all "cdrdao is not installed (tools/setup.sh)"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rip-cross.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# The comparisons, in one Python program (no dependencies):
#   cmp.py tracks TRUTH            -> "N start end" per audio track (cdparanoia's span)
#   cmp.py paranoia TRUTH BASE OFFSET N WAV [N WAV ...] -> "0|1 text" per track
#   cmp.py cdrdao TRUTH BASE DATAFILE OFFSET
cat >"$tmp/cmp.py" <<'PY'
import json, sys

def load(truth):
    d = json.load(open(truth))
    return d["tracks"], d["sessions"]

def session_end(tracks, sessions, t):
    """cdparanoia's end of track t: the next track's INDEX 01 in the same
    session, else the session's lead-out."""
    same = [u for u in tracks if u["session"] == t["session"] and u["number"] > t["number"]]
    if same:
        return min(u["start"] for u in same)
    return next(s["leadout"] for s in sessions if s["number"] == t["session"])

def our_stream(tracks, base):
    """LBA -> 2352 bytes of every audio sector our BINs hold (BIN N starts
    at its INDEX 00, pregap stored, redump style)."""
    sec = {}
    for t in tracks:
        if t["mode"] != "AUDIO":
            continue
        data = open("%s (Track %d).bin" % (base, t["number"]), "rb").read()
        first = t["start"] - t["pregap"]
        for k in range(len(data) // 2352):
            sec[first + k] = data[k * 2352:(k + 1) * 2352]
    return sec

def samples(sec, lba0, lba1, shift, leadout):
    """Bytes of samples lba0*588 - shift .. lba1*588 - shift: ours, with
    zeros outside the disc (silence of lead-in and lead-out)."""
    out = bytearray()
    s0, s1 = lba0 * 588 - shift, lba1 * 588 - shift
    s = s0
    while s < s1:
        lba, i = divmod(s, 588)
        n = min(588 - i, s1 - s)
        if lba < 0 or lba >= leadout:
            out += bytes(4 * n)
        else:
            out += sec[lba][4 * i:4 * (i + n)]
        s += n
    return bytes(out)

def first_diff(a, b):
    return next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))

def main():
    mode, truth = sys.argv[1], sys.argv[2]
    tracks, sessions = load(truth)
    leadout = max(s["leadout"] for s in sessions)
    if mode == "tracks":
        for t in tracks:
            if t["mode"] == "AUDIO":
                print(t["number"], t["start"], session_end(tracks, sessions, t))
        return 0
    base = sys.argv[3]
    sec = our_stream(tracks, base)
    if mode == "paranoia":
        # paranoia TRUTH BASE OFFSET N WAV [N WAV ...]: one line per track.
        shift, rc = int(sys.argv[4]), 0
        args = sys.argv[5:]
        for n, wav in zip(args[0::2], args[1::2]):
            n = int(n)
            t = next(u for u in tracks if u["number"] == n)
            end = session_end(tracks, sessions, t)
            got = open(wav, "rb").read()[44:]
            want = samples(sec, t["start"], end, 0, leadout)
            note = ""
            if shift > 0 and end == leadout and len(got) == len(want):
                tail = got[len(got) - 4 * shift:]
                note = " (last %d samples left out: cdparanoia gave %s)" % (
                    shift, "silence" if not any(tail) else "other bytes")
                got, want = got[:len(got) - 4 * shift], want[:len(want) - 4 * shift]
            if got != want:
                i = first_diff(got, want)
                print("1 track %d: cdparanoia %d bytes, ours %d; first difference at byte %d (LBA %d)"
                      % (n, len(got), len(want), i, t["start"] + i // 2352))
                rc = 1
            else:
                print("0 track %d (LBA %d-%d) equals our BIN%s" % (n, t["start"], end - 1, note))
        return rc
    if mode == "cdrdao":
        datafile, shift = sys.argv[4], int(sys.argv[5])
        raw = open(datafile, "rb").read()
        if len(raw) % 2448:
            print("cdrdao data file: %d bytes is not a whole number of 2448-byte sectors" % len(raw))
            return 1
        main = b"".join(raw[k:k + 2352] for k in range(0, len(raw), 2448))
        swapped = bytearray(len(main))
        swapped[0::2], swapped[1::2] = main[1::2], main[0::2]
        swapped = bytes(swapped)
        audio = [t for t in tracks if t["mode"] == "AUDIO"]
        first = audio[0]
        # The audio session's region; the hidden track counts when track 1 has one.
        lba0 = first["start"] - first["pregap"] if first["number"] == 1 else first["start"]
        end = session_end(tracks, sessions, audio[-1])
        want = samples(sec, lba0, end, shift, leadout)
        at = swapped.find(want)
        if at < 0:
            # Say how much of it is there.
            head = want[:2352]
            h = swapped.find(head)
            detail = "first sector not found" if h < 0 else \
                "first sector at byte %d, then differs at byte %d" % (h, first_diff(swapped[h:], want))
            print("cdrdao: audio LBA %d-%d (shift %d) not found in its data file: %s" % (lba0, end - 1, shift, detail))
            return 1
        print("cdrdao: audio LBA %d-%d found at byte %d of its main channel" % (lba0, end - 1, at))
        return 0
    return 2

sys.exit(main())
PY

for off in 0 30; do
    for s in audio mixed enhanced htoa; do
        [ -f "$out/$s.ccd" ] || { diag "sample $s not built"; continue; }
        d="$tmp/$s-$off"
        mkdir -p "$d"
        truth="$out/$s.truth.json"
        "$vd" --offset "$off" "$out/$s.ccd" -- "$dw" -q rip /dev/sr0 -o "$d/x" --format bincue --offset "$off" 2>"$d/rip.err"
        ok $? "$s, offset $off: discwright rip exits 0"
        $py "$tmp/cmp.py" tracks "$truth" >"$d/tracks"
        set --
        while read -r n start end; do
            rm -f "$d/t$n.wav"
            "$vd" --offset "$off" "$out/$s.ccd" -- "$paranoia" -q -O "$off" -d /dev/sr0 "$n" "$d/t$n.wav" >/dev/null 2>&1
            ok $? "$s, offset $off: cdparanoia -O $off reads track $n"
            set -- "$@" "$n" "$d/t$n.wav"
        done <"$d/tracks"
        $py "$tmp/cmp.py" paranoia "$truth" "$d/x" "$off" "$@" >"$d/par.out" 2>&1
        grep -q . "$d/par.out" || echo "1 the comparison printed nothing" >"$d/par.out"
        while read -r r text; do
            ok "$r" "$s, offset $off: cdparanoia $text"
        done <"$d/par.out"
        (cd "$d" && "$vd" --offset "$off" "$out/$s.ccd" -- "$cdrdao" read-cd --device /dev/sr0 --read-raw \
            --read-subchan rw_raw --datafile rd.bin rd.toc) >"$d/rd.out" 2>&1
        ok $? "$s, offset $off: cdrdao read-cd exits 0"
        $py "$tmp/cmp.py" cdrdao "$truth" "$d/x" "$d/rd.bin" "$off" >"$d/cmp.out" 2>&1
        r=$?
        while read -r line; do diag "$line"; done <"$d/cmp.out"
        ok $r "$s, offset $off: cdrdao's audio (shifted by the uncorrected $off samples) equals our BINs"
    done
done
done_testing
