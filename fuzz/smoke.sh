#!/usr/bin/env bash
# The fuzz smoke run for CI: every target for a few seconds from its seeds
# (fuzz/seed.sh), stopping at the first crash. Installs cargo-fuzz if needed.
#   fuzz/smoke.sh [SECONDS_PER_TARGET]   (default 12: about 2 minutes in all)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-12}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
"$here/seed.sh"
# An unoptimised build: it compiles in about 2 minutes here against 8 for
# the optimised one, and a smoke run is about the harnesses and their
# invariants holding (debug assertions on), not about speed. Campaigns
# (run.sh, campaign.sh) keep the optimised build.
export NEWSDESK_FUZZ_BUILD=--dev
(cd "$here" && RUSTC_BOOTSTRAP=1 cargo fuzz build -s none "$NEWSDESK_FUZZ_BUILD")
for target in extract_html extract_text charset archives feeds query analyze; do
  log="$(mktemp)"
  if ! "$here/run.sh" "$target" "$seconds" >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz smoke: $target failed; the input is in fuzz/artifacts/$target" >&2
    exit 1
  fi
  echo "fuzz smoke: $target: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs in ${seconds} s, clean"
  rm -f "$log"
done
