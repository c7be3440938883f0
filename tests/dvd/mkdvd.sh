#!/bin/sh
# mkdvd.sh OUT: DVD-Video folders made the usual way, with ffmpeg
# (-target pal-dvd / ntsc-dvd, one-second test patterns) and dvdauthor:
#   OUT/pal1    PAL, one title set, no menus
#   OUT/ntsc2m  NTSC, two title sets, a VMG menu and a menu in each set
#   OUT/pal3    PAL, three title sets (two titles in the first, a menu in
#               the second), a VMG menu; VTS_01_1.VOB split in two at a
#               sector boundary (VTS_01_2.VOB), no AUDIO_TS
# Exits non-zero when a tool fails.
set -e
out=$1
mkdir -p "$out"
cd "$out"
clip() { # NAME TARGET SIZE RATE FREQ
    ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc=size=$3:rate=$4:duration=1" \
        -f lavfi -i "sine=frequency=$5:duration=1" -target "$2" -aspect 4:3 -b:v 800k "$1.mpg"
}
clip pal pal-dvd 720x576 25 440
clip pal2 pal-dvd 720x576 25 660
clip ntsc ntsc-dvd 720x480 30000/1001 550
menu() { # FORMAT FILE
    printf '<menus><video format="%s"/><pgc entry="%s"><vob file="%s"/></pgc></menus>' "$1" "$3" "$2"
}
title() { # FORMAT FILE...
    f=$1; shift
    printf '<titles><video format="%s"/>' "$f"
    for v in "$@"; do printf '<pgc><vob file="%s"/></pgc>' "$v"; done
    printf '</titles>'
}
author() { # DIR XML-BODY
    rm -rf "$1"
    printf '<dvdauthor dest="%s">%s</dvdauthor>\n' "$1" "$2" >"$1.xml"
    dvdauthor -x "$1.xml" >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }
}
VIDEO_FORMAT=PAL author pal1 "<vmgm/><titleset>$(title pal pal.mpg)</titleset>"
author ntsc2m "<vmgm>$(menu ntsc ntsc.mpg title)</vmgm><titleset>$(menu ntsc ntsc.mpg root)$(title ntsc ntsc.mpg)</titleset><titleset>$(menu ntsc ntsc.mpg root)$(title ntsc ntsc.mpg ntsc.mpg)</titleset>"
author pal3 "<vmgm>$(menu pal pal2.mpg title)</vmgm><titleset>$(title pal pal.mpg pal2.mpg)</titleset><titleset>$(menu pal pal2.mpg root)$(title pal pal2.mpg)</titleset><titleset>$(title pal pal.mpg)</titleset>"
# Split the first title set's VOB at a sector boundary: players and
# libdvdread read VTS_nn_1..9.VOB as one run.
v=pal3/VIDEO_TS/VTS_01_1.VOB
n=$(($(stat -c %s $v) / 2048))
h=$((n / 2))
dd if=$v of=pal3/VIDEO_TS/VTS_01_2.VOB bs=2048 skip=$h 2>/dev/null
truncate -s $((h * 2048)) $v
rmdir pal3/AUDIO_TS
