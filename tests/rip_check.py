#!/usr/bin/env python3
"""rip_check.py: check what `discwright rip` wrote against a sample disc.

usage: rip_check.py TRUTH.json SAMPLE.img BASE INFO.json [CCDINFO.json]

TRUTH.json is the sample maker's ground truth, SAMPLE.img its raw image
(2352 bytes per LBA from 0), BASE the rip's output base, INFO.json the
output of `discwright --json info BASE.cue` (CCDINFO.json the same for
BASE.ccd).  Checks, independently of discwright's own code: the cue
describes the disc as the truth does (CD-TEXT: the first block's text,
all a cue can carry; the .ccd must carry every block); each
"BASE (Track N).bin" holds exactly the truth's sectors for that track
(redump rule: INDEX 00 stored except for a later session's first track);
BASE.iso is the first data track's user data; every line of BASE.hash and
BASE.dat matches the file it names (CRC32, MD5, SHA-1, SHA-256, size).
Prints what differs; exit status 1 when anything does.
"""
import hashlib
import json
import os
import sys
import xml.etree.ElementTree as ET
import zlib

truth_path, img_path, base, info_path = sys.argv[1:5]
truth = json.load(open(truth_path))
img = open(img_path, "rb").read()
got = [json.loads(l) for l in open(info_path)][-1]["data"]
d = os.path.dirname(base)
stem = os.path.basename(base)
bad = []

def fields(ts, keys):
    return [{k: t.get(k) for k in keys} for t in ts]

tk = ("number", "session", "mode", "flags", "start", "length", "pregap", "indexes", "isrc")
sk = ("number", "first_track", "last_track", "leadout")
for name, a, b in (("tracks", fields(got["tracks"], tk), fields(truth["tracks"], tk)),
                   ("sessions", fields(got["sessions"], sk), fields(truth["sessions"], sk)),
                   ("mcn", got.get("mcn"), truth.get("mcn")),
                   ("label", got.get("label"), truth.get("label"))):
    if a != b:
        bad.append("cue: %s differ\n  got:   %s\n  truth: %s" % (name, a, b))

def cue_text(ct):
    return [{k: b.get(k) for k in ("album", "tracks")} for b in (ct or [])[:1]]

if cue_text(got.get("cdtext")) != cue_text(truth.get("cdtext")):
    bad.append("cue: CD-TEXT differs\n  got:   %s\n  truth: %s" % (got.get("cdtext"), truth.get("cdtext")))
if len(sys.argv) > 5:
    ccd = [json.loads(l) for l in open(sys.argv[5])][-1]["data"]
    for name, a, b in (("tracks", fields(ccd["tracks"], tk), fields(truth["tracks"], tk)),
                       ("sessions", fields(ccd["sessions"], sk), fields(truth["sessions"], sk)),
                       ("mcn", ccd.get("mcn"), truth.get("mcn")), ("cdtext", ccd.get("cdtext"), truth.get("cdtext")),
                       ("label", ccd.get("label"), truth.get("label"))):
        if a != b:
            bad.append("ccd: %s differ\n  got:   %s\n  truth: %s" % (name, a, b))

tracks = truth["tracks"]
n = len(tracks)
for i, t in enumerate(tracks):
    new_session = i > 0 and t["session"] != tracks[i - 1]["session"]
    if i == 0:
        first = max(t["start"] - t["pregap"], min(t["start"], 0))
    elif new_session:
        first = t["start"]
    else:
        first = t["start"] - t["pregap"]
    end = t["start"] + t["length"]
    name = "%s.bin" % stem if n == 1 else "%s (Track %0*d).bin" % (stem, 2 if n >= 10 else 1, t["number"])
    path = os.path.join(d, name)
    if not os.path.exists(path):
        bad.append("%s: missing" % name)
        continue
    data = open(path, "rb").read()
    want = img[first * 2352:end * 2352]
    if data != want:
        pos = next((k for k in range(min(len(data), len(want))) if data[k] != want[k]), min(len(data), len(want)))
        bad.append("%s: %d bytes, want %d; first difference at byte %d (LBA %d)" %
                   (name, len(data), len(want), pos, first + pos // 2352))

iso = os.path.join(d, stem + ".iso")
if os.path.exists(iso):
    t = tracks[0]
    want = bytearray()
    for lba in range(t["start"], t["start"] + t["length"]):
        s = img[lba * 2352:(lba + 1) * 2352]
        off = 24 if s[15] == 2 else 16
        want += s[off:off + 2048]
    if open(iso, "rb").read() != bytes(want):
        bad.append("%s.iso: not the first track's user data" % stem)
elif tracks[0]["mode"] in ("MODE1",):
    bad.append("%s.iso: missing for a Mode 1 disc" % stem)

def digests(path):
    b = open(path, "rb").read()
    return {"size": len(b), "crc": "%08x" % (zlib.crc32(b) & 0xffffffff), "md5": hashlib.md5(b).hexdigest(),
            "sha1": hashlib.sha1(b).hexdigest(), "sha256": hashlib.sha256(b).hexdigest()}

lines = [l.rstrip("\n") for l in open(base + ".hash") if not l.startswith("#")]
if not lines:
    bad.append("BASE.hash has no entries")
for l in lines:
    size, crc, md5, sha1, sha256, name = l.split(" ", 5)
    dg = digests(os.path.join(d, name))
    if (int(size), crc, md5, sha1, sha256) != (dg["size"], dg["crc"], dg["md5"], dg["sha1"], dg["sha256"]):
        bad.append("BASE.hash: %s does not match the file" % name)
roms = ET.parse(base + ".dat").getroot().findall("./game/rom")
if len(roms) != len(lines):
    bad.append("BASE.dat has %d roms, BASE.hash %d lines" % (len(roms), len(lines)))
for r in roms:
    dg = digests(os.path.join(d, r.get("name")))
    if (int(r.get("size")), r.get("crc"), r.get("md5"), r.get("sha1"), r.get("sha256")) != \
            (dg["size"], dg["crc"], dg["md5"], dg["sha1"], dg["sha256"]):
        bad.append("BASE.dat: %s does not match the file" % r.get("name"))

if bad:
    print("\n".join(bad))
    sys.exit(1)
