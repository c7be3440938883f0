#!/usr/bin/python3
"""hostile.py [--udf] IMAGE OLD NEW [OLD NEW ...]: rewrite names in an image
discwright authored, in place, to make hostile images: "../evil", names
with '/', a directory renamed onto a symlink.  Each OLD must occur once
and NEW must have the same length.  Without --udf the Rock Ridge NM
entries are rewritten; with --udf the UDF File Identifier Descriptors
(8-bit CS0 names), whose descriptor tag checksum and CRC are recomputed,
and those of the File Entry holding them when the directory is embedded.
"""
import sys


def crc_ccitt(b):
    crc = 0
    for x in b:
        crc ^= x << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def udf_rename(data, old, new):
    o, n = old.encode(), new.encode()
    assert len(o) == len(n), (old, new)
    hits = []
    for blk in range(len(data) // 2048):
        base = blk * 2048
        pos = base
        # FIDs are packed in directory blocks; look for tag 257 with this name.
        while True:
            at = data.find(bytes([8]) + o, pos, base + 2048)
            if at < 0:
                break
            pos = at + 1
            # the FID starts 38 + L_IU before its name; L_IU is 0 in discwright's FIDs
            fid = at - 38
            if fid < base or data[fid] != 1 or data[fid + 1] != 1 or data[fid + 19] != len(o) + 1:
                continue
            hits.append(fid)
    assert len(hits) == 1, "UDF name %r found %d times" % (old, len(hits))
    fid = hits[0]
    data[fid + 39:fid + 39 + len(n)] = n
    fix_tag(data, fid)
    # An embedded directory: the File Entry (tag 261 or 266) around it covers it with its CRC.
    base = fid - fid % 2048
    if base != fid and (data[base] | data[base + 1] << 8) in (261, 266):
        fix_tag(data, base)


def fix_tag(data, at):
    crclen = data[at + 10] | data[at + 11] << 8
    crc = crc_ccitt(bytes(data[at + 16:at + 16 + crclen]))
    data[at + 8] = crc & 0xFF
    data[at + 9] = crc >> 8
    data[at + 4] = 0
    data[at + 4] = sum(data[at:at + 16]) & 0xFF


def main():
    udf = sys.argv[1] == "--udf"
    args = sys.argv[2:] if udf else sys.argv[1:]
    path = args[0]
    pairs = args[1:]
    data = bytearray(open(path, "rb").read())
    for old, new in zip(pairs[0::2], pairs[1::2]):
        if udf:
            udf_rename(data, old, new)
            continue
        o, n = old.encode(), new.encode()
        assert len(o) == len(n), (old, new)
        entry = b"NM" + bytes([5 + len(o), 1, 0]) + o
        at = data.find(entry)
        assert at >= 0 and data.find(entry, at + 1) < 0, "NM %r not found exactly once" % old
        data[at + 5:at + 5 + len(o)] = n
    open(path, "wb").write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
