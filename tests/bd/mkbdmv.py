#!/usr/bin/python3
# mkbdmv.py OUT: a minimal Blu-ray (BDMV) folder written from the
# format's public description (the fields libbluray's index and movie
# object parsers read): BDMV/index.bdmv ("INDX0200": app info, a first
# playback object, a top menu object and TITLES HDMV titles, each naming
# a movie object), BDMV/MovieObject.bdmv ("MOBJ0200": that many movie
# objects, no commands), their copies in BDMV/BACKUP, the empty
# PLAYLIST, CLIPINF, AUXDATA, BDJO, JAR and META folders, and a
# STREAM/00000.m2ts of random 192-byte packets (bytes to read back, not
# a playable stream).  No CERTIFICATE folder: the author adds it.
import os, random, struct, sys

out = sys.argv[1]
titles = 3


def hdmv(kind_bits, obj_id):
    # 32 bits: object type (1 = HDMV) in the top 2 bits; then playback
    # type (0 = movie) 2 bits + 14 reserved, the movie object id, 32 reserved.
    return struct.pack(">IHHI", kind_bits, 0, obj_id, 0)


def index_bdmv():
    app = struct.pack(">I", 34) + bytes([0, 0x11]) + bytes(32)      # 1080i / 23.976, no user data
    start = 40 + len(app)
    body = hdmv(1 << 30, 0) + hdmv(1 << 30, 0) + struct.pack(">H", titles)
    for t in range(titles):
        body += hdmv(1 << 30, t)                                     # title: HDMV, access type 0
    idx = struct.pack(">I", len(body)) + body
    head = b"INDX0200" + struct.pack(">II", start, 0) + bytes(24)
    return head + app + idx


def movieobject_bdmv():
    objs = b"".join(struct.pack(">HH", 0, 0) for _ in range(titles))  # flags, no commands
    data = struct.pack(">IH", 0, titles) + objs
    return b"MOBJ0200" + struct.pack(">I", 0) + bytes(28) + struct.pack(">I", len(data)) + data


bdmv = os.path.join(out, "BDMV")
for d in ("PLAYLIST", "CLIPINF", "STREAM", "AUXDATA", "BDJO", "JAR", "META", "BACKUP/PLAYLIST", "BACKUP/CLIPINF",
          "BACKUP/BDJO"):
    os.makedirs(os.path.join(bdmv, d), exist_ok=True)
for where in ("", "BACKUP"):
    with open(os.path.join(bdmv, where, "index.bdmv"), "wb") as f:
        f.write(index_bdmv())
    with open(os.path.join(bdmv, where, "MovieObject.bdmv"), "wb") as f:
        f.write(movieobject_bdmv())
rnd = random.Random(14)
with open(os.path.join(bdmv, "STREAM", "00000.m2ts"), "wb") as f:
    f.write(bytes(rnd.getrandbits(8) for _ in range(192 * 1000)))
