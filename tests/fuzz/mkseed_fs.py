#!/usr/bin/env python3
"""mkseed_fs.py IMAGE OUT: write a fuzz seed in the fs_sparse.h format
from a real 2048-byte-sector image (each non-zero sector, trailing zeros
dropped)."""
import struct, sys
data = open(sys.argv[1], "rb").read()
n = len(data) // 2048
out = bytearray(struct.pack("<I", n))
for s in range(n):
    sec = data[s * 2048:(s + 1) * 2048].rstrip(b"\0")
    if sec:
        out += struct.pack("<IH", s, len(sec)) + sec
open(sys.argv[2], "wb").write(out)
