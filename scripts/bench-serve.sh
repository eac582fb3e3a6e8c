#!/usr/bin/env bash
# Load benchmark of `newsdesk serve` on one corpus (issue 5): requests per
# second and latency percentiles for the search API, the search page, the
# article page and the article API under concurrent load from wrk on this
# machine, and the server's peak memory.
#
#   scripts/bench-serve.sh DATA_DIR [SECONDS]
#
# DATA_DIR is a corpus made by `newsdesk ingest` (or `newsdesk demo --data DIR
# --no-serve`); SECONDS is how long each of the four runs lasts (default 20).
# Environment: NEWSDESK_BIN (default target/release/newsdesk, built when
# missing), THREADS (wrk -t, default 2), CONNECTIONS (wrk -c, default 16),
# PORT (default 0: any free loopback port), QUERIES_FILE (one query per
# line, as it goes after `q=` in the URL, already URL-encoded, optionally
# followed by &lang=…&sort=date…; default: the 20 queries below).
#
# Traffic goes only to 127.0.0.1. Prints the figures and writes a Markdown
# table to target/bench/serve-results.md.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DATA_DIR [SECONDS]" >&2
  exit 2
fi
DATA=$1
SECONDS_PER_RUN=${2:-20}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-0}
cd "$(dirname "$0")/.."
BIN=${NEWSDESK_BIN:-target/release/newsdesk}
OUT_DIR=target/bench
mkdir -p "$OUT_DIR"
WORK=$(mktemp -d)

if [ ! -d "$DATA" ]; then
  echo "bench-serve: no corpus at $DATA" >&2
  exit 2
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench-serve: installing wrk" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk
fi

if [ ! -x "$BIN" ]; then
  echo "bench-serve: building $BIN" >&2
  cargo build --release -p newsdesk
fi

# --- the server ---------------------------------------------------------
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" serve --data "$DATA" --bind "127.0.0.1:$PORT" 2>"$WORK/server.log" &
SERVER_PID=$!

ADDR=""
for _ in $(seq 1 600); do
  ADDR=$(sed -n 's|^newsdesk: serving .* at http://\([^/]*\)/.*|\1|p' "$WORK/server.log" | head -n 1)
  if [ -n "$ADDR" ] && curl -fsS -o /dev/null "http://$ADDR/api/stats"; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "bench-serve: the server stopped:" >&2
    cat "$WORK/server.log" >&2
    exit 1
  fi
  ADDR=""
  sleep 0.1
done
if [ -z "$ADDR" ]; then
  echo "bench-serve: the server did not answer within 60 s" >&2
  exit 1
fi
BASE="http://$ADDR"
ARTICLES=$(curl -fsS "$BASE/api/stats" | grep -o '"articles":[0-9]*' | head -n 1 | cut -d: -f2)
echo "bench-serve: $BIN serving $DATA ($ARTICLES articles) at $BASE; pid $SERVER_PID" >&2

# --- what to ask for ------------------------------------------------------
# Typical queries: single words, names, a phrase, a negation, an entity
# filter, a language filter, date sort (already URL-encoded).
QUERIES=(
  "strike" "council" "election" "president" "police" "Rotterdam"
  "%22cycle+lanes%22" "minister" "climate" "football" "bank+rates"
  "court" "museum" "energy+prices" "port+workers" "government+-election"
  "entity%3ARotterdam" "war" "school&sort=date" "market&lang=en"
)
if [ -n "${QUERIES_FILE:-}" ]; then
  mapfile -t QUERIES < <(grep -v '^[[:space:]]*$' "$QUERIES_FILE")
fi
IDS=$(curl -fsS "$BASE/api/search?q=&limit=100" | grep -o '"id":[0-9]*' | cut -d: -f2 | sort -un | head -n 100 | tr '\n' ' ')
if [ -z "$IDS" ]; then
  echo "bench-serve: the corpus has no articles" >&2
  exit 1
fi
echo "bench-serve: $(wc -w <<<"$IDS") article ids" >&2

# One Lua script per target: each wrk thread walks its own copy of the list.
lua_list() { # prefix suffix items...
  local prefix=$1 suffix=$2
  shift 2
  printf 'paths = {'
  for item in "$@"; do printf '"%s%s%s",' "$prefix" "$item" "$suffix"; done
  printf '}\n'
  cat <<'LUA'
local i = 0
init = function(args) i = math.random(#paths) end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
}
# shellcheck disable=SC2086
{
  lua_list "/api/search?q=" "" "${QUERIES[@]}" >"$WORK/api-search.lua"
  lua_list "/search?q=" "" "${QUERIES[@]}" >"$WORK/search.lua"
  lua_list "/articles/" "" $IDS >"$WORK/articles.lua"
  lua_list "/api/articles/" "" $IDS >"$WORK/api-articles.lua"
}

# Every path answers 200 before it is measured.
for script in api-search search articles api-articles; do
  path=$(grep -o '"[^"]*"' "$WORK/$script.lua" | head -n 1 | tr -d '"')
  curl -fsS -o /dev/null "$BASE$path" || { echo "bench-serve: $BASE$path failed" >&2; exit 1; }
done

# --- the runs -------------------------------------------------------------
# wrk's latency figures come as 812.00us / 12.34ms / 1.20s: in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.0f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.0f", v * 1000 }
    else printf "%s", v }'
}

ROWS=()
run() { # name script
  local name=$1 script=$2 log="$WORK/$2.out"
  echo "bench-serve: $name for ${SECONDS_PER_RUN}s (wrk -t$THREADS -c$CONNECTIONS)" >&2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/$script.lua" "$BASE" >"$log"
  local rps p50 p99 total errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$log")
  p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$log")")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$log")")
  total=$(awk '/requests in/ {print $1}' "$log")
  errors=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$log")
  printf '%-28s %10s req/s   p50 %8s ms   p99 %8s ms   %s requests, %s errors\n' \
    "$name" "$rps" "$p50" "$p99" "$total" "$errors"
  ROWS+=("| $name | $rps | $p50 | $p99 | $total | $errors |")
}

run "search API /api/search" api-search
run "search page /search" search
run "article page /articles/ID" articles
run "article API /api/articles/ID" api-articles

PEAK=$(awk '/^VmHWM:/ {print $2}' "/proc/$SERVER_PID/status")
NOW=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
printf 'server memory: peak RSS %s MiB (VmHWM), now %s MiB\n' "$((PEAK / 1024))" "$((NOW / 1024))"

{
  echo "# newsdesk serve under load"
  echo
  echo "Corpus: \`$DATA\` ($ARTICLES articles). Binary: \`$BIN\`."
  echo "Load: \`wrk -t$THREADS -c$CONNECTIONS -d${SECONDS_PER_RUN}s --latency\` per row, from this machine over loopback"
  echo "($(nproc) cores shared by server and load generator); $(date -u +%Y-%m-%dT%H:%M:%SZ)."
  echo "Searches rotate over ${#QUERIES[@]} queries; articles over $(wc -w <<<"$IDS") ids."
  echo
  echo "| target | requests/s | p50 ms | p99 ms | requests | errors |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Server memory: peak RSS $((PEAK / 1024)) MiB (VmHWM), $((NOW / 1024)) MiB at the end."
} >"$OUT_DIR/serve-results.md"
echo "bench-serve: wrote $OUT_DIR/serve-results.md" >&2
