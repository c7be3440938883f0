#!/usr/bin/python3
"""hostile.py IMAGE OLD NEW [OLD NEW ...]: rewrite Rock Ridge NM names in an
ISO image in place (each OLD must occur once as a whole NM entry and NEW
must have the same length), to make hostile images from ones discwright
authored: "../evil", names with '/', a directory renamed onto a symlink.
"""
import sys


def main():
    path = sys.argv[1]
    pairs = sys.argv[2:]
    data = bytearray(open(path, "rb").read())
    for old, new in zip(pairs[0::2], pairs[1::2]):
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
