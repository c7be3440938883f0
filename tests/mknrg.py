#!/usr/bin/env python3
"""mknrg.py OUT [options]: write a small Nero (.nrg) image of audio
tracks, laid out as Nero writes them (image data, then a chunk list and
the trailer), for the tests and the fuzz seeds of disc/nrg_check.c.

  --kind etn2   track-at-once, 64-bit (ETN2, "NER5" trailer; default)
  --kind etnf   track-at-once, 32-bit (ETNF, "NERO" trailer)
  --kind cuex   disc-at-once (CUEX + DAOX, "NER5" trailer)
  --kind cues   disc-at-once, old (CUES + DAOI, "NERO" trailer)
  --tracks N --sectors S   N tracks of S sectors (default 2 x 30)
  --cdtext      add a CD-TEXT chunk (album and track titles)
  --toct        add a TOCT chunk (which libcdio 2.1 skips with a warning)
  --pcm FILE    also write the tracks' audio (what a rip must give back)
The audio is a deterministic pattern, different in every sector."""
import argparse
import struct

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--kind", default="etn2", choices=["etn2", "etnf", "cuex", "cues"])
ap.add_argument("--tracks", type=int, default=2)
ap.add_argument("--sectors", type=int, default=30)
ap.add_argument("--cdtext", action="store_true")
ap.add_argument("--toct", action="store_true")
ap.add_argument("--pcm")
a = ap.parse_args()

RAW = 2352
n, s = a.tracks, a.sectors
pcm = bytearray()
for lba in range(n * s):
    pcm += bytes(((lba * 7 + i * 13) ^ (i >> 3)) & 0xFF for i in range(RAW))
data = bytes(pcm)


def chunk(cid, body):
    return cid + struct.pack(">I", len(body)) + body


chunks = b""
if a.kind in ("etn2", "etnf"):
    body = b""
    for t in range(n):
        start, length, lsn = t * s * RAW, s * RAW, t * s
        if a.kind == "etn2":
            body += struct.pack(">QQIIQ", start, length, 7, lsn, 0)
        else:
            body += struct.pack(">IIIII", start, length, 7, lsn, 0)
    chunks += chunk(b"ETN2" if a.kind == "etn2" else b"ETNF", body)
else:
    # Entries: ctrl/adr, track, index, 0, sector.  CUEX: the lead-in at
    # -150, each track's index 0 and 1, the lead-out (track 0xAA).
    ent = [(0x01, 0, 0, -150)]
    for t in range(n):
        ent += [(0x01, t + 1, 0, t * s), (0x01, t + 1, 1, t * s)]
    ent.append((0x01, 0xAA, 1, n * s))
    if a.kind == "cues":
        # Old layout as libcdio reads it: after one leading entry, pairs
        # of one track's entries: start sector and a count (half the track).
        ent = [(0x01, 0, 0, 0)]
        for t in range(n):
            ent += [(0x01, t + 1, 0, t * s), (0x01, t + 1, 1, s // 2)]
    body = b"".join(struct.pack(">BBBxi", *e) for e in ent)
    chunks += chunk(b"CUEX" if a.kind == "cuex" else b"CUES", body)
    x = a.kind == "cuex"
    dao = struct.pack("<I", 0) + b"0" * 13 + bytes([0, 0, 0, 1, n])
    for t in range(n):
        common = b"\0" * 12 + struct.pack(">HBBBB", RAW, 7, 0, 0, 0)
        i0 = t * s * RAW
        dao += common + struct.pack(">QQQ" if x else ">III", i0, i0, i0 + s * RAW)
    dao = struct.pack("<I", 8 + len(dao)) + dao[4:]
    chunks += chunk(b"DAOX" if x else b"DAOI", dao)
if a.cdtext:
    texts = [(0, "Album")] + [(t + 1, "Track %d" % (t + 1)) for t in range(n)]
    packs = [(0x80, trk, (txt.encode() + b"\0").ljust(12, b"\0")) for trk, txt in texts]
    packs.append((0x8F, 0, bytes([0, 1, n, 0, len(texts), 0, 0, 0, 0, 0, 0, 0])))
    packs.append((0x8F, 1, bytes([0, 0, 0, 0, 0, 0, 0, 3, len(packs) + 1, 0, 0, 0])))
    packs.append((0x8F, 2, bytes([0, 0, 0, 0, 0x09, 0, 0, 0, 0, 0, 0, 0])))
    body = b"".join(bytes([ty, trk, seq, 0]) + txt + b"\0\0" for seq, (ty, trk, txt) in enumerate(packs))
    chunks += chunk(b"CDTX", body)
if a.toct:
    chunks += chunk(b"TOCT", b"\0\x01\0\0")
chunks += chunk(b"SINF", struct.pack(">I", n))
chunks += chunk(b"MTYP", struct.pack(">I", 1))
chunks += chunk(b"END!", b"")
ofs = len(data)
if a.kind in ("etn2", "cuex"):
    trailer = b"NER5" + struct.pack(">Q", ofs)
else:
    trailer = b"NERO" + struct.pack(">I", ofs)
with open(a.out, "wb") as f:
    f.write(data + chunks + trailer)
if a.pcm:
    with open(a.pcm, "wb") as f:
        f.write(data)
