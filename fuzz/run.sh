#!/usr/bin/env bash
# Runs one fuzz target for a number of seconds and prints libFuzzer's figures.
#   fuzz/run.sh TARGET SECONDS [keep-going]
# The corpus grows in fuzz/corpus/TARGET (not committed); crashes land in
# fuzz/artifacts/TARGET. With `keep-going`, libFuzzer runs in fork mode and
# goes on after a crash, so one run collects every crash it can find.
# Needs cargo-fuzz; RUSTC_BOOTSTRAP lets it use the stable toolchain's
# nightly-only sanitizer-coverage flags.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$1"
seconds="$2"
mode="${3:-}"
[ -d "$here/seeds/$target" ] || "$here/seed.sh" >/dev/null
mkdir -p "$here/corpus/$target" "$here/artifacts/$target"
case "$target" in
  extract_html|charset) max_len=262144 ;;
  archives) max_len=131072 ;;
  *) max_len=65536 ;;
esac
flags=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048
       -print_final_stats=1 -artifact_prefix="$here/artifacts/$target/")
if [ "$mode" = keep-going ]; then
  flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
cd "$here"
# NEWSDESK_FUZZ_BUILD=--dev (set by smoke.sh) runs an unoptimised build.
RUSTC_BOOTSTRAP=1 exec cargo fuzz run -s none ${NEWSDESK_FUZZ_BUILD:+"$NEWSDESK_FUZZ_BUILD"} "$target" \
  "corpus/$target" "seeds/$target" -- "${flags[@]}"
