//! The stylesheet and the one small script, compiled into the binary and
//! served from `/static/` (the CSP allows scripts and styles from there only).
//! The pages work without the script; it only adds keyboard shortcuts:
//! `/` to the search box, `j` / `k` through a list of results (Enter opens
//! the one with the focus).

use axum::http::header;
use axum::response::IntoResponse;

pub const STYLE: &str = r#"
:root { --fg: #1b1f24; --muted: #5a6270; --bg: #fdfdfc; --accent: #0b5cad; --line: #d9dde3; --mark: #fff2a8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:focus, button:focus, input:focus, select:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }
header.site { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
header.site .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
header.site nav a { margin-right: 1rem; }
form.search { display: flex; flex: 1; min-width: 16rem; gap: .5rem; }
form.search input[type=search] { flex: 1; padding: .45rem .6rem; font-size: 1rem; border: 1px solid #8a929e; border-radius: 4px; }
button, .button { padding: .45rem .9rem; font-size: 1rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.layout { display: grid; grid-template-columns: 16rem 1fr; gap: 2rem; }
.layout.reading-layout { grid-template-columns: minmax(0, 42rem) minmax(14rem, 1fr); }
@media (max-width: 48rem) { .layout, .layout.reading-layout { grid-template-columns: 1fr; } .facets { order: 2; } }
.facets h2 { font-size: .95rem; margin: 1rem 0 .25rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.facets ul { list-style: none; margin: 0; padding: 0; }
.facets li { display: flex; justify-content: space-between; gap: .5rem; }
.facets .count, .meta, .muted { color: var(--muted); font-size: .9rem; }
.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: .5rem 0 1rem; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.filters input, .filters select { font-size: .95rem; padding: .3rem; height: 2.25rem; }
.filters button { height: 2.25rem; padding-top: 0; padding-bottom: 0; }
ol.results { list-style: none; padding: 0; margin: 0; }
ol.results li { padding: .75rem 0; border-bottom: 1px solid var(--line); }
ol.results h3 { margin: 0 0 .2rem; font-size: 1.1rem; }
mark { background: var(--mark); color: inherit; }
article.reading { max-width: 42rem; }
article.reading p { margin: 0 0 1rem; }
article.reading h1 { line-height: 1.25; }
a.entity { text-decoration: none; border-bottom: 2px solid; }
a.entity.person { border-color: #2e7d32; } a.entity.organization { border-color: #6a1b9a; } a.entity.place { border-color: #c62828; } a.entity.other, a.entity.event { border-color: #8a929e; }
.aside { border-left: 4px solid var(--line); padding-left: 1rem; }
blockquote { margin: .5rem 0; padding-left: 1rem; border-left: 3px solid var(--accent); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
figure.chart { margin: 0 0 1rem; }
svg.chart { display: block; width: 100%; height: 10rem; background: #f4f6f8; border-radius: 4px; }
svg.chart text { display: none; } /* stretched with the chart; the figcaption shows the labels */
figcaption.axis { display: flex; justify-content: space-between; gap: 1rem; font-size: .85rem; color: var(--muted); }
svg.chart rect.bar { fill: var(--accent); }
svg.chart rect.slot { fill: transparent; }
svg.chart a:hover rect.slot, svg.chart a:focus rect.slot { fill: rgba(11, 92, 173, .14); }
ol.ticks { display: flex; list-style: none; margin: .15rem 0 0; padding: 0; height: 1.3rem; overflow: hidden; }
ol.ticks li { flex: 1 1 0; min-width: 0; position: relative; }
ol.ticks li.tick span { position: absolute; left: 0; white-space: nowrap; font-size: .75rem; color: var(--muted); border-left: 1px solid #8a929e; padding-left: 3px; }
@media (max-width: 40rem) { ol.ticks li.tick.minor span { display: none; } }
.legend { font-size: .85rem; color: var(--muted); }
.legend span { margin-right: .75rem; padding-bottom: 1px; border-bottom: 2px solid; }
.legend .person { border-color: #2e7d32; } .legend .organization { border-color: #6a1b9a; } .legend .place { border-color: #c62828; } .legend .other { border-color: #8a929e; }
.notice { border: 1px solid #d8b24a; background: #fff8e1; padding: .5rem .75rem; border-radius: 4px; }
ul.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem; }
ul.tags li a { display: inline-block; padding: .05rem .5rem; border: 1px solid var(--line); border-radius: 999px; text-decoration: none; }
del.diff { background: #fde2e1; } ins.diff { background: #dff5e3; text-decoration: none; }
svg.chart .axis { stroke: #8a929e; stroke-width: 1; }
svg.chart .label { font-size: 11px; fill: var(--muted); }
svg.chart .label.end { text-anchor: end; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1.5rem; }
.pager { display: flex; gap: 1rem; margin: 1rem 0; }
details.help { margin: 0 0 1rem; font-size: .9rem; }
details.help summary { cursor: pointer; color: var(--accent); }
details.help table { margin: .5rem 0; }
details.help code { white-space: pre-wrap; }
kbd { border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; font-size: .85rem; }
ol.results li.current { background: #eef4fb; box-shadow: -4px 0 0 var(--accent); }
ol.speakers { list-style: none; padding: 0; }
ol.speakers h3 { margin: .75rem 0 .25rem; font-size: 1rem; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
"#;

pub const SCRIPT: &str = r#"
// Keyboard: "/" focuses the search box (unless typing in a field already).
document.addEventListener('keydown', function (event) {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
  var box = document.getElementById('q');
  if (box) { event.preventDefault(); box.focus(); box.select(); }
});

// Keyboard on a list of results: "j" / "k" move to the next / previous
// result (its title link takes the focus, so Enter opens it).
document.addEventListener('keydown', function (event) {
  if ((event.key !== 'j' && event.key !== 'k') || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
  var links = document.querySelectorAll('ol.results > li h3 a');
  if (links.length === 0) return;
  var at = Array.prototype.indexOf.call(links, document.activeElement);
  var next = at < 0 ? 0 : at + (event.key === 'j' ? 1 : -1);
  if (next < 0 || next >= links.length) return;
  event.preventDefault();
  var old = document.querySelector('ol.results > li.current');
  if (old) old.classList.remove('current');
  var item = links[next].closest('li');
  if (item) { item.classList.add('current'); item.scrollIntoView({block: 'nearest'}); }
  links[next].focus();
});
"#;

pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
}

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        SCRIPT,
    )
}

pub async fn favicon() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "image/svg+xml")],
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#0b5cad"/></svg>"##,
    )
}
