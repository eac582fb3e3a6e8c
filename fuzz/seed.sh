#!/usr/bin/env bash
# Builds the fuzzers' seed corpora in fuzz/seeds/<target>/ from the project's
# own samples and, when present, the shared evaluation sets in ../shared.
# Seeds are never committed: the shared pages belong to their authors.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="${NEWSDESK_SHARED:-$root/../shared}"
seeds="$here/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{extract_html,extract_text,charset,archives,feeds,query,analyze}

# Our own sample pages: every target that reads pages or text starts from them.
for page in "$root"/samples/news/*.html; do
  name="$(basename "$page")"
  cp "$page" "$seeds/extract_html/$name"
  head -c 4096 "$page" > "$seeds/charset/$name"
done

if [ -d "$shared/datasets" ]; then
  # A spread of real pages, not all of them: libFuzzer favours small corpora.
  find "$shared/datasets/zyte-article-extraction" "$shared/datasets/readability-test-pages" \
       "$shared/datasets/wcxb-dev" -type f \( -name '*.html' -o -name '*.html.gz' \) \
    | sort | awk 'NR % 7 == 0 && n++ < 300' | while read -r page; do
      name="$(echo "$page" | md5sum | cut -c1-16)"
      gunzip -cf "$page" > "$seeds/extract_html/$name.html" 2>/dev/null || cp "$page" "$seeds/extract_html/$name.html"
      head -c 4096 "$seeds/extract_html/$name.html" > "$seeds/charset/$name"
    done
  cp "$shared"/seed/*.txt "$seeds/extract_text/" 2>/dev/null || true
  find "$shared/datasets/gum-news-ner/texts" -type f | head -60 | while read -r text; do
    cp "$text" "$seeds/analyze/$(basename "$text")"
    cp "$text" "$seeds/extract_text/$(basename "$text")"
  done
  find "$shared/datasets/warc-samples" -type f -name '*.warc*' | while read -r warc; do
    cp "$warc" "$seeds/archives/$(basename "$warc")"
    gunzip -cf "$warc" > "$seeds/archives/$(basename "$warc").plain" 2>/dev/null || true
  done
else
  echo "seed.sh: $shared/datasets not found; seeding from the project's own samples only" >&2
fi

# Hand-written seeds for the small formats.
printf 'Minister says talks will resume\n\nThe minister said on Monday: "We will not give up." — We are ready, he added.\n\nSubscribe to our channel\nTags: talks, minister\nNEXT Another story entirely\n' > "$seeds/extract_text/own-1.txt"
printf 'Президент заявил\n\n— Мы готовы к переговорам, — сказал он.\n\nЗаметили ошибку? Выделите её и нажмите Ctrl+Enter\nСтатья на русском языке\n' > "$seeds/extract_text/own-2.txt"
printf '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><link>https://news.example.com/a</link><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item></channel></rss>' > "$seeds/feeds/rss.xml"
printf '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>B</title><link href="/b"/><published>2024-05-06T10:00:00Z</published></entry></feed>' > "$seeds/feeds/atom.xml"
printf '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example.com/c</loc><lastmod>2024-05-06</lastmod><news:news><news:title>C</news:title><news:publication_date>2024-05-06</news:publication_date></news:news></url></urlset>' > "$seeds/feeds/news-sitemap.xml"
printf '<sitemapindex><sitemap><loc>https://news.example.com/s1.xml</loc></sitemap></sitemapindex>' > "$seeds/feeds/index.xml"
printf '{"version":"https://jsonfeed.org/version/1.1","items":[{"url":"https://news.example.com/d","title":"D","date_published":"2024-05-06T10:00:00Z"}]}' > "$seeds/feeds/feed.json"
printf 'User-agent: *\nDisallow: /private/\nAllow: /private/ok$\nCrawl-delay: 2\nSitemap: https://news.example.com/sitemap.xml\n' > "$seeds/feeds/robots.txt"
printf '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel><item><link>&b;</link></item></channel></rss>' > "$seeds/feeds/entities.xml"
i=0
for query in 'ceasefire talks' '"peace talks" OR ceasefire' 'kremlin -peskov' 'NOT peskov' '(oil OR gas) AND price' \
  'title:summit entity:"Vladimir Putin"' 'quote:"no plans" source:reuters.com' 'tag:economy lang:ru author:smith' \
  'body:sanctions ((a OR b) AND (c OR -d))' 'note: this' 'переговоры Москва' '"unterminated' 'a)('; do
  i=$((i + 1)); printf '%s' "$query" > "$seeds/query/q$i"
done
printf 'lang:de\x01ru' > "$seeds/query/filter"
printf 'WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://news.example.com/a\r\nWARC-Date: 2024-05-06T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 79\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>A</title><p>Body.</p></html>\r\n\r\n' > "$seeds/archives/own.warc"
printf 'filedesc://x.arc 0.0.0.0 20240506100000 text/plain 9\n1 0 Test\n\nhttps://news.example.com/a 1.2.3.4 20240506100000 text/html 21\n<p>An ARC page.</p>\n\n' > "$seeds/archives/own.arc"
printf '{"url":"https://news.example.com/a","html":"<p>x</p>"}\n{"url":"https://news.example.com/b","text":"Plain"}\n' > "$seeds/archives/own.jsonl"
cp "$seeds/extract_text/own-1.txt" "$seeds/analyze/own-1.txt"
cp "$seeds/extract_text/own-2.txt" "$seeds/analyze/own-2.txt"
for target in "$seeds"/*; do echo "$(basename "$target"): $(ls "$target" | wc -l) seeds"; done
