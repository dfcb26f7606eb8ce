#!/usr/bin/env bash
# Paired comparison of two commands on this machine: runs A and B in turn, n times each (default
# 7; one unmeasured warm-up of each first), and prints each one's median wall time, median CPU
# time (user + system, of the command and its children) and peak memory, and the ratio A / B of
# the medians. Taking turns means a burst of other work on the machine hits both alike.
#
#   scripts/bench-compare.sh "node dist/bin/nyhetsbrev.js build issues/2025-4 --out /tmp/a.pdf" \
#                            "typst compile kom.typ /tmp/b.pdf" 9
#
# Each command runs through `bash -c`, its output thrown away; a command that fails stops the run.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 \"<command A>\" \"<command B>\" [runs, default 7]" >&2
  exit 2
fi
a=$1
b=$2
n=${3:-7}
if ! [[ $n =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: runs \"$n\": expected a whole number, at least 1" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One run: appends "wall_seconds cpu_seconds peak_kib" to the file $2.
measure() {
  local cmd=$1 into=$2 start end
  start=$(date +%s%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U %S %M' -o "$tmp/time" bash -c "$cmd" >/dev/null 2>"$tmp/err" || { echo "$0: failed: $cmd" >&2; cat "$tmp/err" >&2; exit 1; }
  else
    bash -c "$cmd" >/dev/null 2>"$tmp/err" || { echo "$0: failed: $cmd" >&2; cat "$tmp/err" >&2; exit 1; }
    echo '0 0 0' >"$tmp/time"
  fi
  end=$(date +%s%N)
  read -r user sys peak <"$tmp/time"
  echo "$(( (end - start) / 1000 )) $user $sys $peak" | awk '{ printf "%.4f %.4f %d\n", $1 / 1e6, $2 + $3, $4 }' >>"$into"
}

measure "$a" "$tmp/warmup"
measure "$b" "$tmp/warmup"
for _ in $(seq "$n"); do
  measure "$a" "$tmp/a"
  measure "$b" "$tmp/b"
done

# median of column $2 of file $1
median() { sort -g -k"$2","$2" "$1" | awk -v k="$2" '{ v[NR] = $k } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
peak() { sort -g -k3,3 "$1" | tail -1 | awk '{ printf "%.0f", $3 / 1024 }'; }

wa=$(median "$tmp/a" 1); wb=$(median "$tmp/b" 1)
ca=$(median "$tmp/a" 2); cb=$(median "$tmp/b" 2)
printf 'A: %s\n   median %.3f s wall, %.3f s CPU, peak %s MiB over %d runs\n' "$a" "$wa" "$ca" "$(peak "$tmp/a")" "$n"
printf 'B: %s\n   median %.3f s wall, %.3f s CPU, peak %s MiB over %d runs\n' "$b" "$wb" "$cb" "$(peak "$tmp/b")" "$n"
awk -v wa="$wa" -v wb="$wb" -v ca="$ca" -v cb="$cb" 'BEGIN {
  printf "A / B: %.2f× the wall time", wa / wb
  if (cb > 0) printf ", %.2f× the CPU time", ca / cb
  printf " (medians; runs taken in turn, A then B)\n"
}'
