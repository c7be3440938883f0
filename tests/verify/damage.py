#!/usr/bin/env python3
"""damage.py WHAT IMAGE: damage one structure of an ISO 9660 / UDF image
in place and print where (the LBA, and a path where there is one):
  dirrec   the length byte of the root directory's third record -> 0xF0
  extent   the extent of the first file record in the root -> past the end
  udfcrc   one body byte of the first UDF file entry (tag 261) after 257
  noanchor zero the anchor at sector 256"""
import struct, sys

what, path = sys.argv[1:3]
f = open(path, "r+b")
def sector(n):
    f.seek(n * 2048)
    return bytearray(f.read(2048))
def put(n, data):
    f.seek(n * 2048)
    f.write(data)
pvd = sector(16)
vol = struct.unpack_from("<I", pvd, 80)[0]
root = struct.unpack_from("<I", pvd, 156 + 2)[0]
if what in ("dirrec", "extent"):
    s = sector(root)
    pos, idx = 0, 0
    while s[pos]:
        idx += 1
        ln, flags, nl = s[pos], s[pos + 25], s[pos + 32]
        if what == "dirrec" and idx == 3:
            s[pos] = 0xF0
            put(root, s)
            print(root)
            break
        if what == "extent" and idx > 2 and not flags & 2:
            name = bytes(s[pos + 33:pos + 33 + nl]).decode()
            struct.pack_into("<I", s, pos + 2, vol + 100)
            struct.pack_into(">I", s, pos + 6, vol + 100)
            put(root, s)
            print(vol + 100, "/" + name)
            break
        pos += ln
elif what == "udfcrc":
    for n in range(257, vol):
        s = sector(n)
        if struct.unpack_from("<H", s, 0)[0] == 261:
            s[100] ^= 0xFF
            put(n, s)
            print(n)
            break
elif what == "noanchor":
    put(256, bytearray(2048))
    print(256)
