#!/usr/bin/env python3
"""ardb.py: an independent implementation, for the tests, of what a rip of
a sample disc must prove: AccurateRip track CRCs (v1, v2, Frame450), the
AccurateRip/CDDB disc ids, CTDB track and disc CRCs (DESIGN.md section 5),
written from the definitions only, and the database answers built from
them: an AccurateRip response (dBAR-...bin), a CTDB lookup answer (XML)
and AccurateRip's drive offset list (DriveOffsets.bin).

  ardb.py make TRUTH.json IMAGE OUTDIR [--other SHIFT] [--bad TRACK]
                                     [--v1-only] [--only-other]
      OUTDIR/dBAR-NNN-....bin  records: the disc as pressed (confidence 7,
          even tracks by their v2 CRC, odd by v1), a record of another
          disc, and with --other another pressing whose audio is shifted
          by SHIFT samples (confidence 3, v1); --bad TRACK spoils that
          track's CRC in the first record; --only-other leaves out the
          first record (and the CTDB answer lists the other pressing).
      OUTDIR/ctdb.xml  two entries (confidence 5 exact, 2 with track 2
          wrong) and a metadata element.
      OUTDIR/expected.json  per track: AccurateRip version/confidence/
          total, CTDB confidence/total, CRC-32, and the disc ids.
  ardb.py offsets OUT.bin VENDOR MODEL OFFSET [VENDOR MODEL OFFSET ...]
  ardb.py crc32 TRUTH.json IMAGE   the CRC-32 of each audio track (hex)
"""
import array, json, os, struct, sys, zlib

M = 1 << 32


def layout(truth):
    tracks = truth["tracks"]
    audio = [t for t in tracks if t["mode"] == "AUDIO"]
    ses = audio[0]["session"]
    audio = [t for t in audio if t["session"] == ses]
    leadout = [s["leadout"] for s in truth["sessions"] if s["number"] == ses][0]
    ends = []
    for t in audio:
        nxt = [u for u in tracks if u["number"] == t["number"] + 1 and u["session"] == ses]
        ends.append(nxt[0]["start"] if nxt else leadout)
    return audio, [t["start"] for t in audio], ends


def disc_ids(truth, starts, ends):
    leadout = ends[-1]
    id1 = (sum(starts) + leadout) % M
    id2 = (sum(max(s, 1) * (k + 1) for k, s in enumerate(starts)) + max(leadout, 1) * (len(starts) + 1)) % M
    all_starts = [t["start"] for t in truth["tracks"]]
    last = truth["sessions"][-1]["leadout"]
    ds = lambda v: sum(int(c) for c in str(v))
    cddb = (sum(ds((s + 150) // 75) for s in all_starts) % 255) << 24 | \
           (last // 75 - all_starts[0] // 75) << 8 | len(all_starts)
    return id1, id2, cddb


def samples_of(image, truth):
    """Every sample of the disc by position (LBA*588); data sectors as zeros."""
    data = open(image, "rb").read()
    s = array.array("I", data)
    if sys.byteorder != "little":
        s.byteswap()
    for t in truth["tracks"]:
        if t["mode"] != "AUDIO":
            a = (t["start"] - t.get("pregap", 0)) * 588
            b = (t["start"] + t["length"]) * 588
            for i in range(max(a, 0), min(b, len(s))):
                s[i] = 0
    return s


def track_sums(s, starts, ends, shift=0):
    """Per track (v1, v2, frame450, ctdb, crc32) of the audio with sample d
    taken from position d + shift (zeros outside the disc)."""
    n_all = len(s)
    def get(a, b):
        out = array.array("I", bytes(4 * (b - a)))
        lo, hi = max(a, 0), min(b, n_all)
        if hi > lo:
            out[lo - a:hi - a] = s[lo:hi]
        return out
    total = (ends[-1] - starts[0]) * 588
    c0, c1 = 5880, total - 5880 - total % 5880
    res = []
    for k, (a, b) in enumerate(zip(starts, ends)):
        t = get(a * 588 + shift, b * 588 + shift)
        n = len(t)
        lo = 2940 if k == 0 else 1
        hi = n - 2940 if k == len(starts) - 1 else n
        prods = [t[i - 1] * i for i in range(lo, hi + 1)]
        v1 = sum(prods) % M
        v2 = (sum(prods) + sum(p >> 32 for p in prods)) % M
        f450 = sum(t[450 * 588 + j] * (j + 1) for j in range(588)) % M if b - a > 450 else 0
        raw = t.tobytes() if sys.byteorder == "little" else None
        # CTDB: the track's part of [c0, c1) of the disc's audio.
        off = (a - starts[0]) * 588
        x, y = max(c0, off) - off, min(c1, off + n) - off
        ctdb = zlib.crc32(raw[4 * x:4 * y]) if y > x else 0
        res.append((v1, v2, f450, ctdb, zlib.crc32(raw)))
    disc = get(starts[0] * 588 + shift, ends[-1] * 588 + shift).tobytes()
    return res, zlib.crc32(disc[4 * c0:4 * c1])


def dbar(records):
    out = b""
    for n, id1, id2, cddb, tracks in records:
        out += struct.pack("<BIII", n, id1, id2, cddb)
        for conf, crc, f450 in tracks:
            out += struct.pack("<BII", conf, crc, f450)
    return out


def make(argv):
    truth_path, image, outdir = argv[:3]
    opts = argv[3:]
    other = int(opts[opts.index("--other") + 1]) if "--other" in opts else None
    bad = int(opts[opts.index("--bad") + 1]) if "--bad" in opts else None
    v1_only = "--v1-only" in opts
    only_other = "--only-other" in opts
    truth = json.load(open(truth_path))
    audio, starts, ends = layout(truth)
    n = len(starts)
    id1, id2, cddb = disc_ids(truth, starts, ends)
    s = samples_of(image, truth)
    sums, disc_crc = track_sums(s, starts, ends)
    recs, exp = [], {"id": "%03d-%08x-%08x-%08x" % (n, id1, id2, cddb), "tracks": []}
    main = []
    for k, (v1, v2, f450, ctdb, crc) in enumerate(sums):
        use_v2 = k % 2 == 0 and not v1_only
        c = v2 if use_v2 else v1
        if bad == audio[k]["number"]:
            c ^= 0x00010000
        main.append((7, c, f450))
    recs.append((2, 1, 2, 3, [(1, 0, 0)] * 2))          # another disc's record
    if not only_other:
        recs.append((n, id1, id2, cddb, main))
    other_sums = None
    if other is not None:
        other_sums, _ = track_sums(s, starts, ends, other)
        recs.append((n, id1, id2, cddb, [(3, v1, f450) for v1, v2, f450, ctdb, crc in other_sums]))
    name = "dBAR-%03d-%08x-%08x-%08x.bin" % (n, id1, id2, cddb)
    os.makedirs(outdir, exist_ok=True)
    open(os.path.join(outdir, name), "wb").write(dbar(recs))
    for k, (v1, v2, f450, ctdb, crc) in enumerate(sums):
        good = not only_other and bad != audio[k]["number"]
        ver = ("v2" if k % 2 == 0 and not v1_only else "v1") if good else None
        exp["tracks"].append({"number": audio[k]["number"], "ar": ver, "ar_confidence": 7 if good else 0,
                              "ar_total": (0 if only_other else 7) + (3 if other is not None else 0),
                              "ctdb_confidence": 7 if k != 1 else 5, "ctdb_total": 7, "crc32": "%08x" % crc,
                              "ctdb": "%08x" % ctdb, "v1": "%08x" % v1, "v2": "%08x" % v2})
    # CTDB: the exact entry, and one whose track 2 differs.
    crcs = " ".join("%08x" % x[3] for x in sums)
    wrong = " ".join("%08x" % (x[3] ^ (0x55 if k == 1 else 0)) for k, x in enumerate(sums))
    toc = ":".join(str(v - starts[0]) for v in starts + [ends[-1]])
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<ctdb xmlns="http://db.cuetools.net/ns/mmd-1.0#" xmlns:ext="http://db.cuetools.net/ns/ext-1.0#">\n'
           ' <entry confidence="5" crc32="%08x" id="101" npar="8" stride="5880" toc="%s" trackcrcs="%s" />\n'
           ' <entry confidence="2" crc32="%08x" id="102" npar="8" stride="5880" toc="%s" trackcrcs="%s" />\n'
           ' <metadata album="Sample" artist="The Samples" id="x" relevance="90" source="musicbrainz">'
           '<track name="one" /></metadata>\n</ctdb>\n') % (disc_crc, toc, crcs, disc_crc ^ 1, toc, wrong)
    open(os.path.join(outdir, "ctdb.xml"), "w").write(xml)
    exp["ctdb_disc_crc"] = "%08x" % disc_crc
    exp["dbar"] = name
    json.dump(exp, open(os.path.join(outdir, "expected.json"), "w"), indent=1)


def offsets(argv):
    out = b""
    rest = argv[1:]
    for i in range(0, len(rest), 3):
        vendor, model, off = rest[i], rest[i + 1], int(rest[i + 2])
        name = ("%-8s - %s" % (vendor, model)).encode()[:32].ljust(32, b"\0")
        out += struct.pack("<h", off) + name + b"\0" + struct.pack("<I", 42) + b"\0" * 30
    open(argv[0], "wb").write(out)


def crcs(argv):
    truth = json.load(open(argv[0]))
    audio, starts, ends = layout(truth)
    s = samples_of(argv[1], truth)
    sums, _ = track_sums(s, starts, ends)
    for t, x in zip(audio, sums):
        print("%d %08x" % (t["number"], x[4]))


if __name__ == "__main__":
    cmd = sys.argv[1]
    {"make": make, "offsets": offsets, "crc32": crcs}[cmd](sys.argv[2:])
