#!/usr/bin/env python3
"""split.py TRUTH.json IMAGE.img OUTDIR BASE: split a sample disc's
LBA-indexed raw image into redump-style "BASE (Track N).bin" files (each
track from its pregap on; track 1 from LBA 0) and write BASE.cue (one
FILE per track, INDEX 00 where a pregap is stored).  Single session only."""
import json, os, sys

truth, img, out, base = sys.argv[1:5]
d = json.load(open(truth))
data = open(img, "rb").read()
tracks = d["tracks"]
cue = []
for i, t in enumerate(tracks):
    first = 0 if i == 0 else t["start"] - t["pregap"]
    end = t["start"] + t["length"]
    if i + 1 < len(tracks):
        end = tracks[i + 1]["start"] - tracks[i + 1]["pregap"]
    else:
        end = d["sessions"][0]["leadout"]
    name = "%s (Track %d).bin" % (base, t["number"]) if len(tracks) > 1 else base + ".bin"
    with open(os.path.join(out, name), "wb") as f:
        f.write(data[first * 2352:end * 2352])
    mode = "AUDIO" if t["mode"] == "AUDIO" else ("MODE1/2352" if t["mode"] == "MODE1" else "MODE2/2352")
    cue.append('FILE "%s" BINARY' % name)
    cue.append("  TRACK %02d %s" % (t["number"], mode))
    gap = t["start"] - first
    if gap > 0:
        cue.append("    INDEX 00 00:00:00")
    cue.append("    INDEX 01 %02d:%02d:%02d" % (gap // 4500, gap // 75 % 60, gap % 75))
open(os.path.join(out, base + ".cue"), "w").write("\n".join(cue) + "\n")
