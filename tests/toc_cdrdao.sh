#!/bin/sh
# toc_cdrdao.sh: cdrdao .toc files read by discwright the way cdrdao reads
# them.  Each case is handed to `cdrdao show-toc` and to `discwright info`;
# tests/toc/compare.py reduces both to the same facts (tracks with start,
# end, pregap, index marks, ISRC; the catalog) and they must agree: both
# accept with the same layout, or both refuse at the same line for the
# same reason.  Among them the one a first run met: `DATAFILE "x.bin"
# 00:00:00`, which cdrdao reads as "to the end of the file".
. "$top_srcdir/tests/tap.sh"
dw="$top_builddir/cli/discwright"
cdrdao=${CDRDAO:-cdrdao}
command -v "$cdrdao" >/dev/null 2>&1 || skip_all "cdrdao missing (tools/setup.sh installs it)"
command -v python3 >/dev/null 2>&1 || skip_all "python3 missing"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
head -c $((2352 * 300)) /dev/zero >a.bin        # 4 s of audio
head -c $((2048 * 400)) /dev/zero >d.bin        # 400 Mode 1 sectors
head -c $((2352 * 225 + 1000)) /dev/zero >odd.bin  # audio ending in a partial sector
head -c 1000 /dev/zero >small.bin               # less than one sector
: >empty.bin

n=0
: >cases
# case_toc TITLE: the toc text on standard input; compared at the end
case_toc() {
    n=$((n + 1))
    cat >"c$n.toc"
    "$cdrdao" show-toc "c$n.toc" >"c$n.cd" 2>&1
    crc=$?
    "$dw" --json info "c$n.toc" >"c$n.out" 2>"c$n.err"
    orc=$?
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' $crc "c$n.cd" $orc "c$n.out" "c$n.err" "c$n.toc" "$1" >>cases
}

case_toc "DATAFILE with length 00:00:00 runs to the end of the file" <<'T'
CD_ROM
TRACK MODE1
DATAFILE "d.bin" 00:00:00
T
case_toc "DATAFILE without a length, then FILE with length 0" <<'T'
CD_ROM
TRACK MODE1
DATAFILE "d.bin"
TRACK AUDIO
FILE "a.bin" 0 0
T
case_toc "DATAFILE with #offset and no length" <<'T'
CD_ROM
TRACK MODE1
DATAFILE "d.bin" #204800
T
case_toc "FILE from a start in samples to the end" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 00:01:00
T
case_toc "FILE whose size is not whole sectors is padded" <<'T'
CD_DA
TRACK AUDIO
FILE "odd.bin" 0
T
case_toc "lengths in samples and bytes that end inside a sector" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0 1000
SILENCE 176400
TRACK MODE1
DATAFILE "d.bin" 1000
T
case_toc "catalog, ISRC, START, INDEX, PREGAP, SILENCE" <<'T'
CD_DA
CATALOG "1234567890123"
TRACK AUDIO
ISRC "USABC1234567"
FILE "a.bin" 0 00:01:00
START 00:00:30
INDEX 00:00:10
TRACK AUDIO
PREGAP 00:02:00
FILE "a.bin" 00:01:00 00:02:00
INDEX 00:00:10
INDEX 00:01:00
TRACK AUDIO
SILENCE 00:01:00
FILE "a.bin" 0
START 00:00:30
T
case_toc "START before the data it points into" <<'T'
CD_DA
TRACK AUDIO
START 00:01:00
FILE "a.bin" 0 00:03:00
T
case_toc "END makes a post-gap index mark" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
START 00:00:20
END 00:03:00
INDEX 00:01:00
T
case_toc "FIRST_TRACK_NO and ZERO in a data track" <<'T'
CD_ROM
FIRST_TRACK_NO 5
TRACK MODE1
ZERO 00:01:00
DATAFILE "d.bin"
TRACK AUDIO
FILE "a.bin" 0
T
case_toc "flags on every kind of track; the sub-channel mode" <<'T'
CD_ROM_XA
TRACK MODE2_FORM1 RW
NO COPY
PRE_EMPHASIS
DATAFILE "d.bin" 00:00:10
TRACK AUDIO
COPY
FOUR_CHANNEL_AUDIO
FILE "a.bin" 0
T
case_toc "CD-TEXT" <<'T'
CD_DA
CD_TEXT { LANGUAGE_MAP { 0 : EN } LANGUAGE 0 { TITLE "Disc" PERFORMER "Band" } }
TRACK AUDIO
CD_TEXT { LANGUAGE 0 { TITLE "One" } }
FILE "a.bin" 0
T
# --- what cdrdao refuses -------------------------------------------------
case_toc "refused: a missing file without a length" <<'T'
CD_DA
TRACK AUDIO
FILE "missing.bin" 0
T
case_toc "refused: an empty data file" <<'T'
CD_ROM
TRACK MODE1
DATAFILE "empty.bin"
T
case_toc "refused: a start past the end of the file" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 00:05:00
T
case_toc "refused: SILENCE of length 0" <<'T'
CD_DA
TRACK AUDIO
SILENCE 00:00:00
FILE "a.bin" 0
T
case_toc "refused: PREGAP of length 0" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
TRACK AUDIO
PREGAP 00:00:00
FILE "a.bin" 0
T
case_toc "refused: ZERO of length 0" <<'T'
CD_ROM
TRACK MODE1
ZERO 0
DATAFILE "d.bin"
T
case_toc "refused: SILENCE in a data track" <<'T'
CD_ROM
TRACK MODE1
SILENCE 00:01:00
DATAFILE "d.bin"
T
case_toc "refused: FILE in a data track" <<'T'
CD_ROM
TRACK MODE1
FILE "a.bin" 0
T
case_toc "refused: FILE in a track with a sub-channel mode" <<'T'
CD_DA
TRACK AUDIO RW_RAW
FILE "a.bin" 0
T
case_toc "refused: PREGAP (silence) and DATAFILE mixed in an audio track" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
TRACK AUDIO
PREGAP 00:02:00
DATAFILE "a.bin"
T
case_toc "refused: START at the end of the track" <<'T'
CD_DA
TRACK AUDIO
SILENCE 00:01:00
FILE "a.bin" 0
START
T
case_toc "refused: START after PREGAP" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
TRACK AUDIO
PREGAP 00:01:00
FILE "a.bin" 0
START 00:00:10
T
case_toc "refused: INDEX at the start of the track" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
INDEX 00:00:00
T
case_toc "refused: INDEX beyond the end of the track" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
INDEX 00:04:00
T
case_toc "refused: END at the end of the track" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
END 00:04:00
T
case_toc "refused: END within the pre-gap" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0
START 00:01:00
END 00:00:30
T
case_toc "refused: an illegal ISRC" <<'T'
CD_DA
TRACK AUDIO
ISRC "usabc1234567"
FILE "a.bin" 0
T
case_toc "refused: an illegal catalog number" <<'T'
CD_DA
CATALOG "12345"
TRACK AUDIO
FILE "a.bin" 0
T
case_toc "refused: FIRST_TRACK_NO 0" <<'T'
CD_DA
FIRST_TRACK_NO 0
TRACK AUDIO
FILE "a.bin" 0
T
case_toc "refused: a track without data" <<'T'
CD_DA
TRACK AUDIO
TRACK AUDIO
FILE "a.bin" 0
T
case_toc "refused: data after INDEX" <<'T'
CD_DA
TRACK AUDIO
FILE "a.bin" 0 00:02:00
INDEX 00:01:00
FILE "a.bin" 0 00:01:00
T
case_toc "refused: a C comment" <<'T'
CD_DA
/* not a cdrdao comment */
TRACK AUDIO
FILE "a.bin" 0
T
python3 "$top_srcdir/tests/toc/compare.py" cases
