#!/bin/sh
# readme_tour.sh: the README's tour, run against the sample discs on the
# virtual drive (tests/tour/run.py says how), so the README cannot rot.
command -v python3 >/dev/null 2>&1 || { echo "1..0 # SKIP python3 missing"; exit 0; }
exec python3 "$top_srcdir/tests/tour/run.py"
