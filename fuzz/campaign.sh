#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, SLOTS at a time, in keep-going mode,
# at low priority; logs go to fuzz/logs/TARGET.log and a summary line per
# target (execs, coverage, crashes) to stdout when it ends.
#   fuzz/campaign.sh SECONDS [SLOTS]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="$1"
slots="${2:-2}"
targets=(extract_html analyze extract_text archives charset query feeds)
mkdir -p "$here/logs"
"$here/seed.sh" >/dev/null
(cd "$here" && RUSTC_BOOTSTRAP=1 cargo fuzz build -s none >/dev/null 2>&1)
summary() {
  local log="$here/logs/$1.log"
  local last
  last="$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)"
  echo "$1: ${seconds}s; last status: ${last:-none}; crash files: $(ls "$here/artifacts/$1" 2>/dev/null | wc -l)"
}
running=0
for target in "${targets[@]}"; do
  if [ "$running" -ge "$slots" ]; then
    wait -n
    running=$((running - 1))
  fi
  (nice -n 15 "$here/run.sh" "$target" "$seconds" keep-going >"$here/logs/$target.log" 2>&1; summary "$target") &
  running=$((running + 1))
done
wait
