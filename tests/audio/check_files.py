#!/usr/bin/env python3
"""check_files.py: check a rip's track files and their cue sheet against a
sample disc's ground truth, with tools discwright did not write.

  check_files.py pcm TRUTH IMAGE BASE EXT flac|ffmpeg|wav [--deemph N,...]
      every track file decodes (flac -d, ffmpeg, or the WAV read here) to
      exactly the disc's audio for it: from its INDEX 01 to the next
      track's (the first audio track after a data track from its INDEX 00;
      audio before track 1's INDEX 01 as "Track 00"); --deemph lists
      tracks expected de-emphasised (50/15 us, bilinear at 44.1 kHz,
      rounded), allowing 1 LSB.
  check_files.py tags TRUTH BASE [RELEASE.json]
      metaflac's view of each FLAC's tags: TITLE, ARTIST, ALBUM,
      ALBUMARTIST from CD-TEXT block 0 (or the release), TRACKNUMBER,
      TRACKTOTAL, ISRC, CATALOG, PRE-EMPHASIS, DISCNUMBER (release).
  check_files.py cue TRUTH CUE INFO.json
      cueprint (cuetools) sees the disc's tracks, titles and ISRCs;
      cuebreakpoints --split-gaps sees each INDEX 00 where the truth puts
      it, relative to the file holding it; discwright's own reader
      (INFO.json, `discwright --json info CUE`) gives the truth's tracks,
      starts, pregaps, indexes, ISRCs and flags.
Prints what differs; exit status 1 when anything does."""
import json, math, os, re, subprocess, sys, tempfile

bad = []


def first_audio_session(truth):
    tracks = truth["tracks"]
    audio = [t for t in tracks if t["mode"] == "AUDIO"]
    ses = audio[0]["session"]
    audio = [t for t in audio if t["session"] == ses]
    leadout = [s["leadout"] for s in truth["sessions"] if s["number"] == ses][0]
    return tracks, audio, leadout


def expected_files(truth, image):
    """[(number, from, to)] as the rip must write them."""
    tracks, audio, leadout = first_audio_session(truth)
    out = []
    data = open(image, "rb").read()
    for k, t in enumerate(audio):
        nxt = [u for u in tracks if u["number"] == t["number"] + 1 and u["session"] == t["session"]]
        end = nxt[0]["start"] if nxt else leadout
        frm = t["start"]
        if k == 0 and t["number"] != tracks[0]["number"]:
            frm = t["start"] - t.get("pregap", 0)
        if k == 0 and t["number"] == tracks[0]["number"] and t["start"] > 0:
            if any(data[:t["start"] * 2352]):
                out.append((0, 0, t["start"]))
        out.append((t["number"], frm, end))
    return out


def deemph(raw):
    K = 2.0 * 44100.0
    t1, t2 = 50e-6 * K, 15e-6 * K
    b0, b1, a1 = (1.0 + t2) / (1.0 + t1), (1.0 - t2) / (1.0 + t1), (1.0 - t1) / (1.0 + t1)
    import array
    x = array.array("h", raw)
    st = [0.0, 0.0, 0.0, 0.0]
    for i in range(len(x)):
        ch = i & 1
        v = float(x[i])
        y = b0 * v + b1 * st[2 * ch] - a1 * st[2 * ch + 1]
        st[2 * ch], st[2 * ch + 1] = v, y
        r = math.floor(y + 0.5)
        x[i] = max(-32768, min(32767, int(r)))
    return x


def pcm(argv):
    truth_path, image, base, ext, how = argv[:5]
    de = []
    if "--deemph" in argv:
        de = [int(v) for v in argv[argv.index("--deemph") + 1].split(",")]
    truth = json.load(open(truth_path))
    img = open(image, "rb").read()
    tmp = tempfile.mkdtemp()
    for num, frm, to in expected_files(truth, image):
        path = "%s (Track %02d).%s" % (base, num, ext)
        if not os.path.exists(path):
            bad.append("%s: missing" % path)
            continue
        raw_path = os.path.join(tmp, "t%02d.raw" % num)
        if how == "flac":
            r = subprocess.run([os.environ.get("FLAC") or "flac", "-s", "-d", "-f", "--force-raw-format",
                                "--endian=little", "--sign=signed", "-o", raw_path, path])
            got = open(raw_path, "rb").read() if r.returncode == 0 else None
        elif how == "ffmpeg":
            r = subprocess.run([os.environ.get("FFMPEG") or "ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                                "-i", path, "-f", "s16le", "-acodec", "pcm_s16le", raw_path])
            got = open(raw_path, "rb").read() if r.returncode == 0 else None
        else:
            w = open(path, "rb").read()
            i = w.find(b"data")
            n = int.from_bytes(w[i + 4:i + 8], "little") if i >= 0 else -1
            got = w[i + 8:i + 8 + n] if i >= 0 and w[:4] == b"RIFF" and w[8:12] == b"WAVE" else None
        want = img[frm * 2352:to * 2352]
        if got is None:
            bad.append("%s: %s could not decode it" % (path, how))
        elif num in de:
            import array
            w = deemph(want)
            g = array.array("h", got)
            diff = sum(1 for a, b in zip(w, g) if abs(a - b) > 1)
            if len(g) != len(w) or diff:
                bad.append("%s: not the de-emphasised audio (%d samples off by more than 1)" % (path, diff))
            if got == want:
                bad.append("%s: flagged for de-emphasis but unchanged" % path)
        elif got != want:
            first = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), None)
            bad.append("%s: %d bytes decoded, %d expected, first difference at byte %s (LBA %d..%d)" %
                       (path, len(got), len(want), first, frm, to))


def tags(argv):
    truth = json.load(open(argv[0]))
    base = argv[1]
    rel = json.load(open(argv[2])) if len(argv) > 2 else None
    tracks, audio, leadout = first_audio_session(truth)
    ct = (truth.get("cdtext") or [{}])[0]
    album = ct.get("album", {})
    medium = None
    if rel:
        medium = [m for m in rel["media"] if len(m["tracks"]) == len(audio)][-1]
    def credit(o):
        return "".join(c["name"] + c.get("joinphrase", "") for c in o.get("artist-credit", [])) or None
    for k, t in enumerate(audio):
        path = "%s (Track %02d).flac" % (base, t["number"])
        r = subprocess.run([os.environ.get("METAFLAC") or "metaflac", "--export-tags-to=-", path],
                           capture_output=True, text=True)
        got = {}
        for line in r.stdout.splitlines():
            kk, _, v = line.partition("=")
            got.setdefault(kk.upper(), v)
        tt = ct.get("tracks", {}).get(str(t["number"]), {})
        want = {"TRACKNUMBER": str(t["number"]), "TRACKTOTAL": str(len(audio)),
                "ISRC": t.get("isrc"), "CATALOG": truth.get("mcn") or (rel or {}).get("barcode"),
                "PRE-EMPHASIS": "yes" if "PRE" in t.get("flags", []) else None}
        if rel:
            mt = medium["tracks"][k]
            want.update({"TITLE": mt["title"], "ARTIST": credit(mt) or credit(rel), "ALBUM": rel["title"],
                         "ALBUMARTIST": credit(rel), "DISCNUMBER": str(medium["position"])})
            if not want["ISRC"]:
                isrcs = mt.get("recording", {}).get("isrcs", [])
                want["ISRC"] = isrcs[0] if isrcs else None
        else:
            want.update({"TITLE": tt.get("title"), "ARTIST": tt.get("performer") or album.get("performer"),
                         "ALBUM": album.get("title"), "ALBUMARTIST": album.get("performer")})
        for kk, v in want.items():
            if got.get(kk) != v:
                bad.append("%s: %s is %r, expected %r" % (path, kk, got.get(kk), v))


def cue(argv):
    truth = json.load(open(argv[0]))
    cue_path, info_path = argv[1], argv[2]
    tracks, audio, leadout = first_audio_session(truth)
    ct = (truth.get("cdtext") or [{}])[0].get("tracks", {})
    # cueprint: tracks, titles and ISRCs.
    r = subprocess.run([os.environ.get("CUEPRINT") or "cueprint", "-d", "", "-t", "%n|%t|%i\n", cue_path],
                       capture_output=True, text=True)
    rows = [l.split("|") for l in r.stdout.splitlines() if l.strip()]
    want = [[str(t["number"]), ct.get(str(t["number"]), {}).get("title", ""), t.get("isrc") or ""] for t in audio]
    got = [[str(int(a)), b, c.strip()] for a, b, c in rows] if r.returncode == 0 else None
    if got != want:
        bad.append("cueprint: %s\n  expected %s (%s)" % (got, want, r.stderr.strip()))
    # cuebreakpoints --split-gaps: every INDEX 00 and 01 as written in the
    # sheet (times relative to the file each is in; cuetools lists the
    # non-zero ones).
    r = subprocess.run(["cuebreakpoints", "--split-gaps", cue_path], capture_output=True, text=True)
    exp_files = expected_files(truth, argv[3]) if len(argv) > 3 else None
    if exp_files is not None:
        starts = {n: f for n, f, _ in exp_files}
        order = [n for n, _, _ in exp_files]
        want_bp = []
        for k, t in enumerate(audio):
            pg = t.get("pregap", 0)
            if k > 0 and pg:
                prev = order[order.index(t["number"]) - 1]
                rel = t["start"] - pg - starts[prev]
                want_bp.append("%d:%02d.%02d" % (rel // 4500, rel // 75 % 60, rel % 75))
            if k == 0 and t["number"] != tracks[0]["number"] and pg:
                want_bp.append("%d:%02d.%02d" % (pg // 4500, pg // 75 % 60, pg % 75))
        got_bp = r.stdout.split()
        if got_bp != want_bp:
            bad.append("cuebreakpoints --split-gaps: %s, expected %s" % (got_bp, want_bp))
    # discwright's reader.
    d = [json.loads(l) for l in open(info_path)][-1]["data"]
    keys = ("number", "start", "pregap", "indexes", "isrc", "flags")
    got_t = [{k: t.get(k) for k in keys} for t in d["tracks"]]
    want_t = [{k: t.get(k) for k in keys} for t in audio]
    if got_t != want_t:
        bad.append("discwright info: tracks differ\n  got:   %s\n  truth: %s" % (got_t, want_t))
    if d["sessions"][0]["leadout"] != leadout:
        bad.append("discwright info: lead-out %d, truth %d" % (d["sessions"][0]["leadout"], leadout))


{"pcm": pcm, "tags": tags, "cue": cue}[sys.argv[1]](sys.argv[2:])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
