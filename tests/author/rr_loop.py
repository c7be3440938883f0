#!/usr/bin/python3
"""rr_loop.py IN OUT: from a discwright Rock Ridge image of a tree with
d1/.../d10/bottom.txt (d8 relocated under rr_moved), make bottom.txt a
Rock Ridge placeholder (PX directory on a file record) whose extent is
rr_moved/d8's own: the relocated directory it would be paired with is
its ancestor.  Undoing that relocation naively makes the tree a cycle
(an endless walk); the readers must refuse it (tests/author_mutate.sh)."""
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
def le32(o): return struct.unpack_from("<I", d, o)[0]
# walk the primary tree from the PVD root
pvd = 16 * 2048
root = (le32(pvd + 158), le32(pvd + 166))
def records(ext, size):
    for b in range((size + 2047) // 2048):
        base = (ext + b) * 2048
        pos = 0
        while pos + 34 <= 2048 and d[base + pos] >= 34:
            r = base + pos
            yield r
            pos += d[r]
def name(r):
    idl = d[r + 32]
    su = r + 33 + idl + (0 if idl & 1 else 1)
    i = su
    while i + 4 <= r + d[r]:
        if d[i:i + 2] == b"NM":
            return bytes(d[i + 5:i + d[i + 2]]).decode()
        if d[i + 2] < 4: break
        i += d[i + 2]
    return bytes(d[r + 33:r + 33 + idl]).decode("latin-1")
def find(ext, size, n):
    for r in records(ext, size):
        if name(r) == n:
            return r
    raise SystemExit("no " + n)
moved = find(*root, "rr_moved")
x = find(le32(moved + 2), le32(moved + 10), "d8")
xext = le32(x + 2)
d9 = find(xext, le32(x + 10), "d9")
d10 = find(le32(d9 + 2), le32(d9 + 10), "d10")
p = find(le32(d10 + 2), le32(d10 + 10), "bottom.txt")
struct.pack_into("<I", d, p + 2, xext); struct.pack_into(">I", d, p + 6, xext)
idl = d[p + 32]; i = p + 33 + idl + (0 if idl & 1 else 1)
while d[i:i + 2] != b"PX": i += d[i + 2]
struct.pack_into("<I", d, i + 4, 0o40755); struct.pack_into(">I", d, i + 8, 0o40755)
open(sys.argv[2], "wb").write(d)
print("placeholder at", p, "-> rr_moved/d8 at", xext)
