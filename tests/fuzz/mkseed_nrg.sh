#!/bin/sh
# mkseed_nrg.sh SRCDIR: (re)write the seeds of fuzz_nrg in
# SRCDIR/tests/fuzz/corpus/nrg from tests/mknrg.py (small images: every
# footer layout the check knows), next to the regression fixtures there.
set -e
src=${1:-.}
out="$src/tests/fuzz/corpus/nrg"
mk="$src/tests/mknrg.py"
mkdir -p "$out"
python3 "$mk" "$out/seed-etn2-cdtext" --kind etn2 --tracks 2 --sectors 2 --cdtext --toct
python3 "$mk" "$out/seed-etnf" --kind etnf --tracks 3 --sectors 1
python3 "$mk" "$out/seed-cuex-daox" --kind cuex --tracks 2 --sectors 2 --cdtext
python3 "$mk" "$out/seed-cues-daoi" --kind cues --tracks 2 --sectors 2
