#!/usr/bin/env python3
"""audiosums.py TRUTH.json IMAGE: an independent implementation of the
audio checksums of DESIGN.md section 5 (AccurateRip v1/v2, Frame450,
AccurateRip disc ids, CDDB id, CTDB CRC and TOC id, MusicBrainz disc id)
over a sample disc's LBA-indexed raw image, written from the
definitions only.  Prints lines in the same words as discwright's
report, so a test can compare them.  Single- or multi-session; the audio
tracks are those of the first audio session.
  TRUTH may also be "single:N" for one audio track over N sectors."""
import array, base64, hashlib, json, sys, zlib

arg, img = sys.argv[1:3]
data = open(img, "rb").read()
if arg.startswith("single:"):
    n = int(arg[7:])
    d = {"tracks": [{"number": 1, "session": 1, "mode": "AUDIO", "start": 0}],
         "sessions": [{"number": 1, "leadout": n}]}
else:
    d = json.load(open(arg))
tracks = d["tracks"]
audio = [t for t in tracks if t["mode"] == "AUDIO"]
ses = audio[0]["session"]
audio = [t for t in audio if t["session"] == ses]
leadout = [s["leadout"] for s in d["sessions"] if s["number"] == ses][0]
ends = []
for t in audio:
    nxt = [u for u in tracks if u["number"] == t["number"] + 1 and u["session"] == ses]
    ends.append(nxt[0]["start"] if nxt else leadout)
leadout = ends[-1]
starts = [t["start"] for t in audio]
M = 1 << 32

id1 = (sum(starts) + leadout) % M
id2 = (sum(max(s, 1) * (k + 1) for k, s in enumerate(starts)) + max(leadout, 1) * (len(starts) + 1)) % M
all_starts = [t["start"] for t in tracks]
last_leadout = d["sessions"][-1]["leadout"]
def digitsum(v):
    return sum(int(c) for c in str(v))
cddb = (sum(digitsum((s + 150) // 75) for s in all_starts) % 255) << 24 | \
       (last_leadout // 75 - all_starts[0] // 75) << 8 | len(all_starts)
print("AccurateRip disc id %03d-%08x-%08x-%08x" % (len(starts), id1, id2, cddb))

def b64(digest):
    return base64.b64encode(digest).decode().translate(str.maketrans("+/=", "._-"))
toc = "".join("%08X" % (v - starts[0]) for v in starts[1:] + [leadout])
toc += "0" * (800 - len(toc))
tocid = b64(hashlib.sha1(toc.encode()).digest())
audio_bytes = data[starts[0] * 2352:leadout * 2352]
N = len(audio_bytes) // 4
lo, hi = 5880, N - 5880 - N % 5880
crc = zlib.crc32(audio_bytes[lo * 4:hi * 4]) & 0xffffffff
print("CTDB TOC id %s, CRC %08x" % (tocid, crc))

first = audio[0]["number"]
mb = "%02X%02X" % (first, first + len(audio) - 1) + "%08X" % (leadout + 150)
offs = {t["number"]: t["start"] + 150 for t in audio}
mb += "".join("%08X" % offs.get(i, 0) for i in range(1, 100))
print("MusicBrainz disc id %s" % b64(hashlib.sha1(mb.encode()).digest()))

for k, t in enumerate(audio):
    s = array.array("I", data[t["start"] * 2352:ends[k] * 2352])
    if sys.byteorder != "little":
        s.byteswap()
    n = len(s)
    a, b = (2940 if k == 0 else 1), (n - 2940 if k == len(audio) - 1 else n)
    v1 = v2 = 0
    for i in range(a, b + 1):
        p = s[i - 1] * i
        v1 += p & 0xffffffff
        v2 += (p & 0xffffffff) + (p >> 32)
    f450 = 0
    if ends[k] - t["start"] > 450:
        f450 = sum(s[450 * 588 + j] * (j + 1) for j in range(588)) % M
    print("track %d AccurateRip v1 %08x v2 %08x frame450 %08x" % (t["number"], v1 % M, v2 % M, f450))
