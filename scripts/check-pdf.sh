#!/usr/bin/env bash
# Checks the reference issue's PDFs, in both profiles, with tools from outside this project:
# qpdf --check (the file's structure; any warning fails), pdffonts (every font embedded) and
# poppler's pdfinfo (the tag tree as a reader meets it, and the print boxes).
# Installs qpdf and poppler-utils with apt-get when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v qpdf >/dev/null || missing+=(qpdf)
command -v pdfinfo >/dev/null || missing+=(poppler-utils)
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
echo "print: $(grep -c '^warning:' "$out/print-warnings.txt" || true) warnings (pictures below 200 ppi)"

failed=0
for profile in screen print; do
  pdf="$out/$profile.pdf"
  echo
  echo "== $profile =="
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
  pdfinfo "$pdf" | grep -E '^(Title|Author|Subject|Keywords|CreationDate|Tagged|Pages|Page size):'
  [ "$profile" = print ] && pdfinfo -box "$pdf" | grep -E '^(MediaBox|BleedBox|TrimBox):'
  if ! pdfinfo "$pdf" | grep '^Tagged: *yes' >/dev/null; then
    echo "pdfinfo: not tagged"
    failed=1
  fi
  pdfinfo -struct-text "$pdf" >"$out/tags.txt"
  echo "pdfinfo -struct-text: $(grep -c '^ *[A-Z][A-Za-z0-9]*\( (block)\| (inline)\)\?:\?$' "$out/tags.txt") elements; the first lines:"
  sed -n '1,40s/^/  /p' "$out/tags.txt"
done
exit $failed
