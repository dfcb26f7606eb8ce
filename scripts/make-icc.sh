#!/usr/bin/env bash
# Makes assets/icc/KOM-FOGRA39-colprof.icc, the CMYK profile of the print files' OutputIntent
# (PDF/X-4): coated offset paper, ISO 12647-2 (FOGRA39), built with Argyll's colprof from
# Fogra's FOGRA39L characterisation data as Debian's icc-profiles-free ships it (Zlib licence,
# /usr/share/doc/icc-profiles-free/copyright). The profile made is ours to ship under the same
# terms. Run it again only to change how the profile is made; the result is committed.
#   apt-get install icc-profiles-free argyll
set -euo pipefail
cd "$(dirname "$0")/.."
data=/usr/share/color/icc/FOGRA39L.ti3
[ -f "$data" ] || { echo "missing $data: apt-get install icc-profiles-free" >&2; exit 1; }
command -v colprof >/dev/null || { echo "missing colprof: apt-get install argyll" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/FOGRA39L.ti3"
# -qm: medium quality; -kr: black generation as a ramp (GCR, grey as much K as the ink limits
# allow) and -l330 -L98: total ink 330 %, black 98 %, the limits of ISO 12647-2 coated stock;
# -S with Argyll's sRGB and -cmt -dpp: perceptual tables that map sRGB's gamut into the press's.
(cd "$work" && colprof -v -qm -kr -l330 -L98 \
  -S /usr/share/color/argyll/ref/sRGB.icm -cmt -dpp \
  -D "KOM FOGRA39 coated (colprof)" \
  -C "Made from FOGRA39L data (Fogra; Kai-Uwe Behrmann, Zlib) with ArgyllCMS colprof" \
  -A "nyhetsbrev" -M "ISO 12647-2 coated" \
  FOGRA39L >colprof.log)
cp "$work/FOGRA39L.icc" assets/icc/KOM-FOGRA39-colprof.icc
echo "wrote assets/icc/KOM-FOGRA39-colprof.icc ($(wc -c <assets/icc/KOM-FOGRA39-colprof.icc) bytes)"
