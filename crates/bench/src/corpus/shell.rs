//! Invented news sites and the page shells they wrap articles in.
//!
//! Real news pages are 20–60 KB of which the article is a few KB: a head full
//! of metadata, a cookie banner, a header with a menu of ~40 links, share
//! buttons with inline SVG icons, ad slots, a related-articles list, a
//! newsletter form, a footer of links and inline scripts holding tracking
//! code and serialized page state. Extraction cost and quality depend on all
//! of that, so the shells carry it, in four layouts (different wrappers,
//! class names and in-body clutter) and in the site's language.
//!
//! Each page states its identity the way real pages do: `<link
//! rel=canonical>`, `og:url`, and a JSON-LD `NewsArticle` with
//! `datePublished` (and `dateModified` for revised pages).

use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};

use super::rng::Rng;

/// One invented site.
#[derive(Debug, Clone)]
pub struct Site {
    pub domain: String,
    pub name: String,
    pub lang: String,
    /// Which of the layouts it uses.
    pub layout: usize,
}

/// Site names; domains are these under `.example` (reserved, never real).
const SITE_NAMES: [&str; 10] = [
    "Northbridge Herald",
    "Meridian Post",
    "Harbor Ledger",
    "Valley Courier",
    "Summit Dispatch",
    "Lakeside Chronicle",
    "Capital Observer",
    "Coastline Tribune",
    "Prairie Gazette",
    "Metro Wire",
];

/// Ten sites over `langs` (most frequent first): at least two per language, so
/// every copy can go to another site of its language.
pub fn sites(langs: &[String]) -> Vec<Site> {
    let shares: Vec<usize> = match langs.len() {
        0 | 1 => vec![10],
        2 => vec![7, 3],
        _ => vec![6, 2, 2],
    };
    let mut out = Vec::new();
    for (lang, share) in langs.iter().zip(shares) {
        for _ in 0..share {
            let i = out.len();
            let name = SITE_NAMES[i % SITE_NAMES.len()];
            out.push(Site {
                domain: format!("{}.example", name.to_lowercase().replace(' ', "-")),
                name: name.to_string(),
                lang: lang.clone(),
                layout: i % 4,
            });
        }
    }
    out
}

/// Chrome words of one language.
struct Chrome {
    sections: [&'static str; 8],
    cookie: &'static str,
    accept: &'static str,
    share: &'static str,
    related: &'static str,
    newsletter: &'static str,
    subscribe: &'static str,
    read_more: &'static str,
    advertisement: &'static str,
    by: &'static str,
    rights: &'static str,
    footer: [&'static str; 6],
}

fn chrome(lang: &str) -> &'static Chrome {
    match lang {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        "ru" => &RU,
        _ => &EN,
    }
}

const EN: Chrome = Chrome {
    sections: ["World", "Politics", "Business", "Technology", "Science", "Health", "Sport", "Culture"],
    cookie: "We use cookies to improve your experience, personalise content and ads, and analyse our traffic. By continuing to browse you agree to our use of cookies.",
    accept: "Accept all",
    share: "Share this article",
    related: "More stories",
    newsletter: "Get the morning briefing in your inbox every day.",
    subscribe: "Subscribe",
    read_more: "Read more",
    advertisement: "Advertisement",
    by: "By",
    rights: "All rights reserved.",
    footer: ["About us", "Contact", "Careers", "Privacy policy", "Terms of use", "Advertise"],
};
const DE: Chrome = Chrome {
    sections: ["Welt", "Politik", "Wirtschaft", "Technik", "Wissen", "Gesundheit", "Sport", "Kultur"],
    cookie: "Wir verwenden Cookies, um Ihnen ein besseres Nutzungserlebnis zu bieten, Inhalte und Anzeigen zu personalisieren und unseren Datenverkehr zu analysieren.",
    accept: "Alle akzeptieren",
    share: "Artikel teilen",
    related: "Mehr zum Thema",
    newsletter: "Das Morgenbriefing jeden Tag in Ihrem Postfach.",
    subscribe: "Abonnieren",
    read_more: "Lesen Sie auch",
    advertisement: "Anzeige",
    by: "Von",
    rights: "Alle Rechte vorbehalten.",
    footer: ["Über uns", "Kontakt", "Karriere", "Datenschutz", "Impressum", "Werbung"],
};
const FR: Chrome = Chrome {
    sections: ["Monde", "Politique", "Économie", "Technologie", "Sciences", "Santé", "Sport", "Culture"],
    cookie: "Nous utilisons des cookies pour améliorer votre expérience, personnaliser les contenus et les publicités et analyser notre trafic.",
    accept: "Tout accepter",
    share: "Partager cet article",
    related: "À lire aussi",
    newsletter: "Recevez la lettre du matin chaque jour dans votre boîte.",
    subscribe: "S'abonner",
    read_more: "Lire aussi",
    advertisement: "Publicité",
    by: "Par",
    rights: "Tous droits réservés.",
    footer: ["Qui sommes-nous", "Contact", "Recrutement", "Confidentialité", "Mentions légales", "Publicité"],
};
const ES: Chrome = Chrome {
    sections: ["Mundo", "Política", "Economía", "Tecnología", "Ciencia", "Salud", "Deportes", "Cultura"],
    cookie: "Utilizamos cookies para mejorar su experiencia, personalizar contenidos y anuncios y analizar nuestro tráfico.",
    accept: "Aceptar todo",
    share: "Compartir este artículo",
    related: "Más noticias",
    newsletter: "Reciba el boletín de la mañana cada día en su correo.",
    subscribe: "Suscribirse",
    read_more: "Lea también",
    advertisement: "Publicidad",
    by: "Por",
    rights: "Todos los derechos reservados.",
    footer: ["Quiénes somos", "Contacto", "Empleo", "Privacidad", "Aviso legal", "Publicidad"],
};
const RU: Chrome = Chrome {
    sections: ["Мир", "Политика", "Экономика", "Технологии", "Наука", "Здоровье", "Спорт", "Культура"],
    cookie: "Мы используем файлы cookie, чтобы улучшить работу сайта, персонализировать материалы и рекламу и анализировать трафик.",
    accept: "Принять все",
    share: "Поделиться",
    related: "Читайте также",
    newsletter: "Утренняя рассылка каждый день в вашем почтовом ящике.",
    subscribe: "Подписаться",
    read_more: "Читайте также",
    advertisement: "Реклама",
    by: "Автор:",
    rights: "Все права защищены.",
    footer: ["О нас", "Контакты", "Вакансии", "Конфиденциальность", "Условия", "Реклама"],
};

const AUTHORS: [&str; 12] = [
    "Anna Keller",
    "James Whitfield",
    "Maria Lopez",
    "Tomasz Nowak",
    "Claire Dubois",
    "Peter Hansen",
    "Elena Petrova",
    "David Okafor",
    "Sophie Martin",
    "Lukas Brandt",
    "Hannah Reid",
    "Marco Rossi",
];

/// Everything a page shows besides its shell.
pub struct PageSpec<'a> {
    pub canonical: &'a str,
    pub title: &'a str,
    pub paragraphs: &'a [String],
    pub section: usize,
    pub author: usize,
    pub published: DateTime<Utc>,
    pub modified: Option<DateTime<Utc>>,
    /// Other articles of the site: (title, url).
    pub related: &'a [(String, String)],
    /// The page's total size to aim for, in bytes (the scripts take up the slack).
    pub target_bytes: usize,
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// A JSON string literal, safe inside `<script>` (no `</`).
fn json_str(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".into())
        .replace("</", "<\\/")
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Renders one page of `site`.
pub fn render(site: &Site, page: &PageSpec<'_>, rng: &mut Rng) -> String {
    let c = chrome(&site.lang);
    let mut h = String::with_capacity(page.target_bytes + 4096);
    let title = esc(page.title);
    let description = esc(&lead(
        page.paragraphs.first().map_or("", |p| p.as_str()),
        160,
    ));
    let section = c.sections[page.section % c.sections.len()];
    let author = AUTHORS[page.author % AUTHORS.len()];
    let home = format!("https://www.{}/", site.domain);

    // Head.
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang}\" class=\"no-js layout-{layout}\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title} | {name}</title>\n\
<meta name=\"description\" content=\"{description}\">\n<meta name=\"robots\" content=\"max-image-preview:large\">\n\
<link rel=\"canonical\" href=\"{canonical}\">\n<link rel=\"stylesheet\" href=\"{home}static/css/main.{css}.css\">\n\
<link rel=\"preconnect\" href=\"https://cdn.{domain}\">\n<link rel=\"icon\" href=\"{home}favicon.ico\">\n\
<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:site_name\" content=\"{name}\">\n\
<meta property=\"og:title\" content=\"{title}\">\n<meta property=\"og:description\" content=\"{description}\">\n\
<meta property=\"og:url\" content=\"{canonical}\">\n<meta property=\"og:image\" content=\"https://cdn.{domain}/img/{img}.jpg\">\n\
<meta name=\"twitter:card\" content=\"summary_large_image\">\n",
        lang = site.lang,
        layout = site.layout,
        name = esc(&site.name),
        canonical = esc(page.canonical),
        css = rng.hex(8),
        domain = site.domain,
        img = rng.hex(12),
    );
    if site.layout.is_multiple_of(2) {
        let _ = writeln!(
            h,
            "<meta property=\"article:published_time\" content=\"{}\">\n<meta property=\"article:section\" content=\"{}\">",
            iso(page.published),
            esc(section)
        );
    }
    let _ = writeln!(
        h,
        "<script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\
\"mainEntityOfPage\":{canonical},\"headline\":{headline},\"datePublished\":\"{published}\",\"dateModified\":\"{modified}\",\
\"author\":[{{\"@type\":\"Person\",\"name\":\"{author}\"}}],\"publisher\":{{\"@type\":\"Organization\",\"name\":{name},\
\"logo\":{{\"@type\":\"ImageObject\",\"url\":\"{home}logo.png\"}}}},\"articleSection\":{section},\"inLanguage\":\"{lang}\"}}</script>",
        canonical = json_str(page.canonical),
        headline = json_str(page.title),
        published = iso(page.published),
        modified = iso(page.modified.unwrap_or(page.published)),
        name = json_str(&site.name),
        section = json_str(section),
        lang = site.lang,
    );
    style_block(&mut h, rng);
    h.push_str("</head>\n<body class=\"article-page\">\n");

    // Cookie banner, header, menu.
    let _ = write!(
        h,
        "<div id=\"cookie-consent\" class=\"cmp-banner\" role=\"dialog\" aria-live=\"polite\"><div class=\"cmp-inner\">\
<p class=\"cmp-text\">{cookie}</p><div class=\"cmp-buttons\"><button class=\"btn btn-primary\" data-action=\"accept\">{accept}</button>\
<button class=\"btn btn-link\" data-action=\"settings\">Settings</button></div></div></div>\n\
<header class=\"site-header\"><div class=\"container\"><a class=\"logo\" href=\"{home}\"><span class=\"visually-hidden\">{name}</span>\
<svg viewBox=\"0 0 120 24\" width=\"120\" height=\"24\" aria-hidden=\"true\"><path d=\"M0 0h120v24H0z\" fill=\"#111\"/></svg></a>\n\
<nav class=\"main-nav\" aria-label=\"Main\"><ul class=\"menu\">\n",
        cookie = c.cookie,
        accept = c.accept,
        name = esc(&site.name),
    );
    for i in 0..40 {
        let label = c.sections[i % c.sections.len()];
        let _ = writeln!(
            h,
            "<li class=\"menu-item menu-item-{i}\"><a href=\"{home}{slug}/{sub}\">{label}{suffix}</a></li>",
            slug = slugify(label),
            sub = if i < 8 { String::new() } else { format!("topic-{i}") },
            suffix = if i < 8 { String::new() } else { format!(" {}", i - 7) },
        );
    }
    h.push_str(
        "</ul></nav>\n<form class=\"search-form\" action=\"/search\"><input type=\"search\" name=\"q\" placeholder=\"Search\"><button>Go</button></form>\n</div></header>\n",
    );
    let _ = writeln!(
        h,
        "<div class=\"breadcrumbs\"><a href=\"{home}\">{}</a> › <a href=\"{home}{}/\">{}</a></div>",
        esc(&site.name),
        slugify(section),
        esc(section)
    );

    // The article, in the site's layout.
    let date_line = format!(
        "<time datetime=\"{}\">{}</time>",
        iso(page.published),
        page.published.format("%d.%m.%Y %H:%M")
    );
    let byline = format!(
        "<div class=\"byline\">{} <a rel=\"author\" href=\"{home}authors/{}\">{author}</a> · {date_line}</div>",
        c.by,
        slugify(author)
    );
    match site.layout {
        0 => {
            let _ = writeln!(
                h,
                "<main id=\"main\"><article class=\"post\"><h1 class=\"entry-title\">{title}</h1>{byline}\n<div class=\"entry-content\">"
            );
            for p in page.paragraphs {
                let _ = writeln!(h, "<p>{}</p>", esc(p));
            }
            h.push_str("</div>\n");
        }
        1 => {
            let _ = writeln!(
                h,
                "<main><div class=\"story\"><header class=\"story-header\"><span class=\"kicker\">{}</span><h1>{title}</h1>{byline}</header>\n\
<figure class=\"lead-image\"><img src=\"https://cdn.{}/img/{}.jpg\" alt=\"\" width=\"1200\" height=\"675\"><figcaption>Photo: {}</figcaption></figure>\n<div class=\"story-body\">",
                esc(section),
                site.domain,
                rng.hex(12),
                esc(&site.name)
            );
            for (i, p) in page.paragraphs.iter().enumerate() {
                let _ = writeln!(h, "<p class=\"para\">{}</p>", esc(p));
                if i == 1 {
                    if let Some((t, u)) = page.related.first() {
                        let _ = writeln!(
                            h,
                            "<aside class=\"read-more\"><strong>{}:</strong> <a href=\"{}\">{}</a></aside>",
                            c.read_more,
                            esc(u),
                            esc(t)
                        );
                    }
                }
            }
            h.push_str("</div>\n");
        }
        2 => {
            let _ = writeln!(
                h,
                "<div id=\"content\" class=\"wrapper\"><div class=\"col-main\"><h1 class=\"headline\">{title}</h1>{byline}\n<div class=\"article-text\">"
            );
            for (i, p) in page.paragraphs.iter().enumerate() {
                let _ = writeln!(
                    h,
                    "<div class=\"text-block\"><p><span>{}</span></p></div>",
                    esc(p)
                );
                if i % 3 == 2 {
                    let _ = writeln!(
                        h,
                        "<div class=\"ad-slot ad-inline\" data-slot=\"inline-{i}\"><span class=\"ad-label\">{}</span><div id=\"div-gpt-ad-{}\"></div></div>",
                        c.advertisement,
                        rng.hex(10)
                    );
                }
            }
            h.push_str("</div>\n");
        }
        _ => {
            let _ = writeln!(
                h,
                "<section class=\"content\"><article itemscope itemtype=\"http://schema.org/NewsArticle\"><h1 itemprop=\"headline\">{title}</h1>{byline}\n<div itemprop=\"articleBody\" class=\"body-copy\">"
            );
            for p in page.paragraphs {
                let _ = writeln!(h, "<p>{}</p>", esc(p));
            }
            h.push_str("</div>\n");
        }
    }

    // Share buttons, tags, related articles, newsletter; close the layout.
    let _ = write!(h, "<div class=\"share-bar\" aria-label=\"{}\">", c.share);
    for network in ["facebook", "x", "linkedin", "whatsapp", "email"] {
        let _ = write!(
            h,
            "<a class=\"share share-{network}\" href=\"https://share.example/{network}?u={}\" rel=\"noopener\">\
<svg viewBox=\"0 0 24 24\" width=\"20\" height=\"20\"><path d=\"M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2z\"/></svg>\
<span class=\"visually-hidden\">{network}</span></a>",
            esc(page.canonical)
        );
    }
    h.push_str("</div>\n<ul class=\"tags\">");
    for i in 0..4 {
        let tag = c.sections[(page.section + i * 3) % c.sections.len()];
        let _ = write!(
            h,
            "<li><a href=\"{home}tag/{}\">{}</a></li>",
            slugify(tag),
            esc(tag)
        );
    }
    h.push_str("</ul>\n");
    h.push_str(match site.layout {
        0 => "</article>\n",
        1 => "</div>\n",
        2 => "</div>\n",
        _ => "</article></section>\n",
    });
    let _ = writeln!(
        h,
        "<aside class=\"related\"><h2>{}</h2><ul class=\"related-list\">",
        c.related
    );
    for (t, u) in page.related {
        let _ = writeln!(
            h,
            "<li class=\"related-item\"><a href=\"{}\"><img src=\"https://cdn.{}/img/{}-thumb.jpg\" alt=\"\" loading=\"lazy\"><span class=\"related-title\">{}</span></a></li>",
            esc(u),
            site.domain,
            rng.hex(10),
            esc(t)
        );
    }
    let _ = writeln!(
        h,
        "</ul></aside>\n<div class=\"newsletter-box\"><p>{}</p><form action=\"/newsletter\" method=\"post\">\
<input type=\"email\" name=\"email\" placeholder=\"you@example.com\"><button type=\"submit\">{}</button></form></div>\n\
<div id=\"comments\" class=\"comments-placeholder\" data-thread=\"{}\"></div>",
        c.newsletter,
        c.subscribe,
        rng.hex(16)
    );
    h.push_str(match site.layout {
        2 => "</div></div>\n",
        1 => "</main>\n",
        0 => "</main>\n",
        _ => "",
    });

    // Footer.
    h.push_str(
        "<footer class=\"site-footer\"><div class=\"container\"><div class=\"footer-columns\">\n",
    );
    for column in 0..5 {
        h.push_str("<ul class=\"footer-col\">");
        for i in 0..6 {
            let label = if column == 0 {
                c.footer[i]
            } else {
                c.sections[(column * 6 + i) % c.sections.len()]
            };
            let _ = write!(
                h,
                "<li><a href=\"{home}{}/{column}-{i}\">{}</a></li>",
                slugify(label),
                esc(label)
            );
        }
        h.push_str("</ul>\n");
    }
    let _ = writeln!(
        h,
        "</div><p class=\"copyright\">© {} {}. {}</p></div></footer>",
        page.published.format("%Y"),
        esc(&site.name),
        c.rights
    );

    // Inline scripts: tracking code and serialized state, sized to the target.
    let _ = writeln!(
        h,
        "<script>(function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'gtm.start':new Date().getTime(),event:'gtm.js'}});\
var f=d.getElementsByTagName(s)[0],j=d.createElement(s);j.async=true;j.src='https://tags.example/gtm.js?id='+i;\
f.parentNode.insertBefore(j,f);}})(window,document,'script','dataLayer','GTM-{}');</script>",
        rng.hex(6).to_uppercase()
    );
    state_script(&mut h, page, rng);
    h.push_str("</body>\n</html>\n");
    h
}

/// A `<style>` block of a few KB, as sites inline their critical CSS.
fn style_block(h: &mut String, rng: &mut Rng) {
    h.push_str("<style>");
    for i in 0..(40 + rng.below(40)) {
        let _ = write!(
            h,
            ".c{i}-{}{{margin:{}px {}px;padding:{}px;color:#{};font-size:{}px;line-height:1.{}}}",
            rng.hex(4),
            rng.below(24),
            rng.below(24),
            rng.below(16),
            rng.hex(6),
            12 + rng.below(12),
            3 + rng.below(6)
        );
    }
    h.push_str("</style>\n");
}

/// `window.__STATE__ = {...}`: serialized page state, filling the page up to
/// its target size (inert for extraction, real bytes for reading and parsing).
fn state_script(h: &mut String, page: &PageSpec<'_>, rng: &mut Rng) {
    h.push_str("<script>window.__STATE__={\"page\":{\"type\":\"article\",\"canonical\":");
    h.push_str(&json_str(page.canonical));
    h.push_str("},\"ads\":[");
    let mut first = true;
    // Leave room for the closing tags.
    while h.len() + 200 < page.target_bytes {
        if !first {
            h.push(',');
        }
        first = false;
        let _ = write!(
            h,
            "{{\"slot\":\"{}\",\"sizes\":[[300,250],[728,90]],\"targeting\":{{\"pos\":\"{}\",\"kw\":\"{}\"}},\"lazy\":{}}}",
            rng.hex(12),
            rng.below(9),
            rng.hex(20),
            rng.chance(0.5)
        );
    }
    h.push_str("]};</script>\n");
}

/// The first `max` characters of `text`, cut at a word.
fn lead(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(i) => format!("{}…", &cut[..i]),
        None => cut,
    }
}

/// A URL path segment from words: lower-case ASCII letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase()),
        );
        if out.len() > 60 {
            break;
        }
    }
    // ASCII only, so the URL is its own normal form.
    let out = out.trim_matches('-').replace("--", "-");
    if out.is_empty() {
        "article".to_string()
    } else {
        out
    }
}
