#!/usr/bin/env bash
# Cluster-mode ingest speed: N generated pages from a local site, fetched by
# K `newsdesk worker`s (J jobs each) from NATS JetStream into PostgreSQL.
#
#   scripts/bench-cluster.sh [PAGES] [K×J ...]      e.g. scripts/bench-cluster.sh 400 1x1 2x1 3x1 1x4 3x4
#
# Starts its own PostgreSQL 15 (initdb, as the postgres user when run as
# root), nats-server and page server on loopback in a scratch directory, and
# removes them at the end. Needs a release build (`cargo build --release -p
# newsdesk`), Debian's postgresql and nats-server, and python3.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/target/release/newsdesk"
pages="${1:-400}"
shift || true
configs=("${@:-1x1 2x1 3x1 1x4 3x4}")
[ ${#configs[@]} -eq 1 ] && read -r -a configs <<<"${configs[0]}"
pgbin=/usr/lib/postgresql/15/bin
work="$(mktemp -d /tmp/newsdesk-bench-cluster.XXXXXX)"
chmod 755 "$work"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$work"; fi
pg_port=55432; nats_port=54333; site_port=58080

cleanup() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" stop -m fast >/dev/null 2>&1 || true
  kill "${nats_pid:-}" "${site_pid:-}" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$work/pg" -A trust -U postgres --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/log" \
  -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
psql=("$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qtA)
"${psql[@]}" -d postgres -c "CREATE ROLE newsdesk SUPERUSER LOGIN" >/dev/null

# Pages of ten 60-word paragraphs drawn from the sample corpus's words.
python3 - "$site_port" "$root/samples/news" >"$work/site.log" 2>&1 <<'EOF' &
import http.server, pathlib, random, re, socketserver, sys
words = [w for p in sorted(pathlib.Path(sys.argv[2]).glob("*.html"))
         for w in re.findall(r"[A-Za-z]{3,}", p.read_text(errors="ignore"))][:5000]
class Page(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args): pass
    def do_GET(self):
        if not self.path.startswith("/news/"):
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        n = int(self.path.rsplit("/", 1)[-1]); r = random.Random(n)
        body = "".join("<p>" + " ".join(r.choice(words) for _ in range(60)) + ".</p>" for _ in range(10))
        html = (f"<html><head><title>Story {n}</title><meta property=\"article:published_time\" "
                f"content=\"2024-04-{n % 28 + 1:02d}T10:00:00Z\"></head><body><article>"
                f"<h1>Story {n} {r.choice(words)}</h1>{body}</article></body></html>").encode()
        self.send_response(200); self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(html))); self.end_headers(); self.wfile.write(html)
class Server(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
Server(("127.0.0.1", int(sys.argv[1])), Page).serve_forever()
EOF
site_pid=$!
sleep 1

# CPU seconds (user + system) used so far by the given processes.
cpu() {
  local ticks=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "scale=1; $ticks / $(getconf CLK_TCK)" | bc
}
# The PostgreSQL server: the postmaster and its children (one per connection).
pg_pids() {
  local postmaster
  postmaster="$(head -n 1 "$work/pg/postmaster.pid")"
  echo "$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
}

echo "Direct load, no NATS: newsdesk ingest --postgres --urls (fetch, prepare on 2 threads, store in batches)"
"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS direct" -c "CREATE DATABASE direct OWNER newsdesk" >/dev/null
seq 0 $((pages - 1)) | sed "s|^|http://127.0.0.1:$site_port/news/|" >"$work/urls.txt"
start=$(date +%s.%N)
"$bin" ingest --postgres "postgres://newsdesk@127.0.0.1:$pg_port/direct" --urls "$work/urls.txt" \
  --allow-private --delay 0 -j 2 --quiet
end=$(date +%s.%N)
printf '%s pages in %.1f s: %.0f pages/s\n\n' "$pages" "$(echo "$end - $start" | bc)" "$(echo "$pages / ($end - $start)" | bc -l)"

echo "Workers; CPU seconds used during the run by each part (2 cores: at most 2 s per second)"
echo
echo "| workers × jobs each | pages | seconds | pages/s | CPU: workers | PostgreSQL | NATS | page server |"
echo "|---|---|---|---|---|---|---|---|"
for config in "${configs[@]}"; do
  workers="${config%x*}"; jobs="${config#*x}"
  "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench OWNER newsdesk" >/dev/null
  rm -rf "$work/nats"
  nats-server -js -a 127.0.0.1 -p "$nats_port" -sd "$work/nats" >/dev/null 2>&1 &
  nats_pid=$!
  sleep 1
  db="postgres://newsdesk@127.0.0.1:$pg_port/bench"
  nats="nats://127.0.0.1:$nats_port"
  seq 0 $((pages - 1)) | sed "s|^|http://127.0.0.1:$site_port/news/|" >"$work/urls.txt"
  "$bin" ingest --postgres "$db" /dev/null >/dev/null 2>&1 || true   # creates the schema
  before="$("${psql[@]}" -d bench -c 'SELECT COUNT(*) FROM captures')"
  "$bin" enqueue --nats "$nats" --urls "$work/urls.txt" >/dev/null 2>&1
  pg0=$(cpu $(pg_pids)); nats0=$(cpu "$nats_pid"); site0=$(cpu "$site_pid")
  start=$(date +%s.%N)
  pids=()
  for i in $(seq 1 "$workers"); do
    /usr/bin/time -f "%U %S" -o "$work/worker-$i.cpu" \
      "$bin" worker --nats "$nats" --postgres "$db" --allow-private --delay 0 -j "$jobs" \
      --exit-when-idle 2 2>"$work/worker-$i.log" &
    pids+=($!)
  done
  while [ "$("${psql[@]}" -d bench -c 'SELECT COUNT(*) FROM captures')" -lt $((before + pages)) ]; do
    sleep 0.1
  done
  end=$(date +%s.%N)
  # Before the workers exit (their PostgreSQL connections end with them).
  pg1=$(cpu $(pg_pids)); nats1=$(cpu "$nats_pid"); site1=$(cpu "$site_pid")
  wait "${pids[@]}"
  kill "$nats_pid"; wait "$nats_pid" 2>/dev/null || true
  seconds=$(echo "$end - $start" | bc)
  workers_cpu=$(cat "$work"/worker-*.cpu | awk '{s += $1 + $2} END {printf "%.1f", s}')
  rm -f "$work"/worker-*.cpu
  printf '| %s × %s | %s | %.1f | %.0f | %s | %s | %s | %s |\n' "$workers" "$jobs" "$pages" "$seconds" \
    "$(echo "$pages / $seconds" | bc -l)" "$workers_cpu" "$(echo "$pg1 - $pg0" | bc)" \
    "$(echo "$nats1 - $nats0" | bc)" "$(echo "$site1 - $site0" | bc)"
done
