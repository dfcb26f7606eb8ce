#!/usr/bin/env bash
# Checks the four files the tool writes for the reference issue — the newsletter in both
# profiles and the card sheet and single cards in both — with tools from outside this project:
# qpdf --check (the file's structure; any warning fails), pdffonts (every font embedded),
# poppler's pdfinfo (tagged, the standard a print file claims, the tag tree, the print boxes)
# and Ghostscript's ink_cov device (black text in black ink only: see below).
# Installs qpdf, poppler-utils and ghostscript with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v qpdf >/dev/null || missing+=(qpdf)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
command -v gs >/dev/null || missing+=(ghostscript)
if ((${#missing[@]} > 0)); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -f dist/cli/main.js ] || npx tsc -p tsconfig.json
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
node dist/cli/main.js build issues/2025-4 --profile screen --out "$out/screen.pdf"
node dist/cli/main.js build issues/2025-4 --profile print --out "$out/print.pdf" 2>"$out/print-warnings.txt"
echo "print: $(grep -c '^warning:' "$out/print-warnings.txt" || true) warnings (placeholder pictures, pictures below 200 ppi)"
for profile in screen print; do
  node dist/cli/main.js cards --profile "$profile" --out "$out/cards-$profile.pdf" >/dev/null
  node dist/cli/main.js cards --single --profile "$profile" --out "$out/single-$profile.pdf" >/dev/null
done

failed=0
for name in screen print cards-screen cards-print single-screen single-print; do
  pdf="$out/$name.pdf"
  echo
  echo "== $name =="
  # qpdf exits 0 when clean, 3 with warnings, 2 with errors: only 0 passes.
  if qpdf --check "$pdf" >"$out/qpdf.txt" 2>&1; then
    echo "qpdf --check: no errors, no warnings"
  else
    echo "qpdf --check FAILED:"
    cat "$out/qpdf.txt"
    failed=1
  fi
  if pdffonts "$pdf" | tail -n +3 | awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }'; then
    echo "pdffonts: every font embedded ($(pdffonts "$pdf" | tail -n +3 | wc -l) fonts)"
  else
    echo "pdffonts: a font is not embedded:"
    pdffonts "$pdf"
    failed=1
  fi
  if ! pdfinfo "$pdf" | grep '^Tagged: *yes' >/dev/null; then
    echo "pdfinfo: not tagged"
    failed=1
  fi
  case "$name" in
    *print)
      pdfinfo -box "$pdf" | grep -E '^(PDF version|MediaBox|BleedBox|TrimBox):'
      if pdfinfo "$pdf" | grep -E '^PDF subtype: *PDF/X-4' >/dev/null; then
        echo "pdfinfo: PDF subtype PDF/X-4"
      else
        echo "pdfinfo: not marked PDF/X-4"
        failed=1
      fi
      # Black text in black ink only. ink_cov gives each ink's amount, per page, of the text
      # alone (pictures and paths left out). The layouts' coloured text adds little yellow
      # (the navy headings: Y a twelfth of their C); black text written in RGB or rich black
      # would bring about as much yellow as black, and as much as cyan (the newsletter before
      # PDF/X: Y/K 0.7 to 0.9). So a page whose text has more than a tenth as much yellow as
      # black, and more than a third as much as cyan, fails: a page with little body text and
      # a heading (a section's last page of pictures: Y/K 0.11, Y/C 0.08) passes.
      gs -q -o - -sDEVICE=ink_cov -r72 -dFILTERIMAGE -dFILTERVECTOR "$pdf" >"$out/ink.txt"
      if awk '$4 > 0.05 && $3 > 0.1 * $4 && $3 > $1 / 3 { printf "page %d: text C %s M %s Y %s K %s: yellow in black text?\n", NR, $1, $2, $3, $4; bad = 1 } END { exit bad }' "$out/ink.txt"; then
        echo "ink_cov (text only): black text in K only on all $(wc -l <"$out/ink.txt") pages (Y at most $(awk 'BEGIN { m = 0 } $4 > 0 { r = $3 / $4; if (r > m) m = r } END { printf "%.2f", m }' "$out/ink.txt") of K, $(awk 'BEGIN { m = 0 } $1 > 0 { r = $3 / $1; if (r > m) m = r } END { printf "%.2f", m }' "$out/ink.txt") of C)"
      else
        failed=1
      fi
      ;;
  esac
  if [ "$name" = screen ] || [ "$name" = print ]; then
    pdfinfo "$pdf" | grep -E '^(Title|Author|Subject|Keywords|CreationDate|Pages|Page size):'
    pdfinfo -struct-text "$pdf" >"$out/tags.txt"
    echo "pdfinfo -struct-text: $(grep -c '^ *[A-Z][A-Za-z0-9]*\( (block)\| (inline)\)\?:\?$' "$out/tags.txt") elements; the first lines:"
    sed -n '1,24s/^/  /p' "$out/tags.txt"
  fi
done
exit $failed
