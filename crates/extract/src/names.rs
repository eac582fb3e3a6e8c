//! Element and attribute names, as small enums.
//!
//! The tokenizer reads every tag of a page; turning its name into a one-byte
//! [`Name`] once (a hash-table look-up on the name packed into an integer)
//! lets the tree builder, the metadata reader and the body extractor compare
//! names without strings. Each name also carries the coarse [`Tag`] the body
//! extractor works with, and the few HTML parsing properties the tree builder
//! needs (void, "special", closes an open `<p>`...), as the HTML standard
//! lists them.
//!
//! Names the table does not know (custom elements, typos) are
//! [`Name::Unknown`]; the tokenizer keeps a packed key of the raw name so an
//! unknown end tag still finds its own start tag.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use rustc_hash::FxHasher;

/// The element kinds the extractor tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `<html>`.
    Html,
    /// `<head>`.
    Head,
    /// `<title>`.
    Title,
    /// `<body>`.
    Body,
    /// `<main>`.
    Main,
    /// `<article>`.
    Article,
    /// `<section>`.
    Section,
    /// `<div>`.
    Div,
    /// `<p>`.
    P,
    /// A heading, `<h1>` to `<h6>`, with its level.
    H(u8),
    /// `<dir>`, `<menu>`, `<ul>`.
    Ul,
    /// `<ol>`.
    Ol,
    /// `<li>`.
    Li,
    /// `<dl>`.
    Dl,
    /// `<dt>`.
    Dt,
    /// `<dd>`.
    Dd,
    /// `<blockquote>`.
    Blockquote,
    /// `<listing>`, `<plaintext>`, `<pre>`, `<xmp>`.
    Pre,
    /// `<table>`.
    Table,
    /// `<tr>`.
    Tr,
    /// `<td>`.
    Td,
    /// `<th>`.
    Th,
    /// `<caption>`.
    Caption,
    /// `<figure>`, `<picture>`.
    Figure,
    /// `<figcaption>`.
    Figcaption,
    /// `<br>`.
    Br,
    /// `<hr>`.
    Hr,
    /// `<a>`.
    A,
    /// `<audio>`, `<canvas>`, `<embed>`, `<img>`, `<video>`.
    Img,
    /// `<nav>`.
    Nav,
    /// `<header>`.
    Header,
    /// `<footer>`.
    Footer,
    /// `<aside>`.
    Aside,
    /// `<form>`.
    Form,
    /// `<button>`, `<dialog>`, `<fieldset>`, `<input>`, `<label>`, `<meter>`, `<option>`, `<output>`, `<progress>`, `<select>`, `<textarea>`.
    Control,
    /// `<address>`.
    Address,
    /// `<time>`.
    Time,
    /// `<center>`.
    Center,
    /// Inline markup (span, b, em, code...).
    Inline,
    /// Anything else, custom elements included.
    Other,
}

impl Tag {
    /// Elements that start a new block of text.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::Inline | Tag::A | Tag::Img | Tag::Time | Tag::Br | Tag::Other | Tag::Control
        )
    }
}

/// A name of at most 16 bytes, lower-cased and packed into an integer:
/// cheap to hash and compare. Longer names get a hash instead (see
/// [`name_key`]).
pub type NameKey = u128;

/// Packs a raw name (any case) into a lower-cased [`NameKey`]: the bytes
/// themselves for names of up to 16 bytes, else a 64-bit hash with the top
/// bit set, so the two kinds never meet.
pub fn name_key(raw: &[u8]) -> NameKey {
    if raw.len() <= 16 {
        let mut buf = [0u8; 16];
        for (slot, b) in buf.iter_mut().zip(raw) {
            *slot = b.to_ascii_lowercase();
        }
        return u128::from_le_bytes(buf);
    }
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    for b in raw {
        h.write_u8(b.to_ascii_lowercase());
    }
    (1u128 << 127) | u128::from(h.finish())
}

macro_rules! names {
    ($($variant:ident = $text:literal => $tag:expr,)*) => {
        /// An element name the extractor knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Name {
            $(#[doc = concat!("`<", $text, ">`.")] $variant,)*
            /// Anything else (custom elements included).
            Unknown,
        }

        impl Name {
            /// The coarse kind the body extractor tells apart.
            pub fn tag(self) -> Tag {
                match self {
                    $(Name::$variant => $tag,)*
                    Name::Unknown => Tag::Other,
                }
            }

            /// The variant's name, as `{:?}` writes it (the block model's
            /// DOM path features hash it).
            pub fn variant_name(self) -> &'static str {
                match self {
                    $(Name::$variant => stringify!($variant),)*
                    Name::Unknown => "Unknown",
                }
            }
        }

        static NAMES: LazyLock<HashMap<NameKey, Name, BuildHasherDefault<FxHasher>>> =
            LazyLock::new(|| {
                let mut map = HashMap::default();
                $(map.insert(name_key($text.as_bytes()), Name::$variant);)*
                map
            });
    };
}

names! {
    A = "a" => Tag::A,
    Abbr = "abbr" => Tag::Inline,
    Address = "address" => Tag::Address,
    Applet = "applet" => Tag::Other,
    Area = "area" => Tag::Other,
    Article = "article" => Tag::Article,
    Aside = "aside" => Tag::Aside,
    Audio = "audio" => Tag::Img,
    B = "b" => Tag::Inline,
    Base = "base" => Tag::Other,
    Basefont = "basefont" => Tag::Other,
    Bdi = "bdi" => Tag::Inline,
    Bdo = "bdo" => Tag::Inline,
    Bgsound = "bgsound" => Tag::Other,
    Big = "big" => Tag::Inline,
    Blockquote = "blockquote" => Tag::Blockquote,
    Body = "body" => Tag::Body,
    Br = "br" => Tag::Br,
    Button = "button" => Tag::Control,
    Canvas = "canvas" => Tag::Img,
    Caption = "caption" => Tag::Caption,
    Center = "center" => Tag::Center,
    Cite = "cite" => Tag::Inline,
    Code = "code" => Tag::Inline,
    Col = "col" => Tag::Other,
    Colgroup = "colgroup" => Tag::Other,
    Data = "data" => Tag::Inline,
    Dd = "dd" => Tag::Dd,
    Del = "del" => Tag::Inline,
    Details = "details" => Tag::Other,
    Dfn = "dfn" => Tag::Inline,
    Dialog = "dialog" => Tag::Control,
    Dir = "dir" => Tag::Ul,
    Div = "div" => Tag::Div,
    Dl = "dl" => Tag::Dl,
    Dt = "dt" => Tag::Dt,
    Em = "em" => Tag::Inline,
    Embed = "embed" => Tag::Img,
    Fieldset = "fieldset" => Tag::Control,
    Figcaption = "figcaption" => Tag::Figcaption,
    Figure = "figure" => Tag::Figure,
    Font = "font" => Tag::Inline,
    Footer = "footer" => Tag::Footer,
    Form = "form" => Tag::Form,
    Frame = "frame" => Tag::Other,
    Frameset = "frameset" => Tag::Other,
    H1 = "h1" => Tag::H(1),
    H2 = "h2" => Tag::H(2),
    H3 = "h3" => Tag::H(3),
    H4 = "h4" => Tag::H(4),
    H5 = "h5" => Tag::H(5),
    H6 = "h6" => Tag::H(6),
    Head = "head" => Tag::Head,
    Header = "header" => Tag::Header,
    Hgroup = "hgroup" => Tag::Other,
    Hr = "hr" => Tag::Hr,
    Html = "html" => Tag::Html,
    I = "i" => Tag::Inline,
    Iframe = "iframe" => Tag::Other,
    Img = "img" => Tag::Img,
    Input = "input" => Tag::Control,
    Ins = "ins" => Tag::Inline,
    Kbd = "kbd" => Tag::Inline,
    Keygen = "keygen" => Tag::Other,
    Label = "label" => Tag::Control,
    Li = "li" => Tag::Li,
    Link = "link" => Tag::Other,
    Listing = "listing" => Tag::Pre,
    Main = "main" => Tag::Main,
    Mark = "mark" => Tag::Inline,
    Marquee = "marquee" => Tag::Other,
    Math = "math" => Tag::Other,
    Menu = "menu" => Tag::Ul,
    Meta = "meta" => Tag::Other,
    Meter = "meter" => Tag::Control,
    Nav = "nav" => Tag::Nav,
    Nobr = "nobr" => Tag::Inline,
    Noembed = "noembed" => Tag::Other,
    Noframes = "noframes" => Tag::Other,
    Noscript = "noscript" => Tag::Other,
    Object = "object" => Tag::Other,
    Ol = "ol" => Tag::Ol,
    Optgroup = "optgroup" => Tag::Other,
    Option = "option" => Tag::Control,
    Output = "output" => Tag::Control,
    P = "p" => Tag::P,
    Param = "param" => Tag::Other,
    Picture = "picture" => Tag::Figure,
    Plaintext = "plaintext" => Tag::Pre,
    Pre = "pre" => Tag::Pre,
    Progress = "progress" => Tag::Control,
    Q = "q" => Tag::Inline,
    Rp = "rp" => Tag::Other,
    Rt = "rt" => Tag::Other,
    S = "s" => Tag::Inline,
    Samp = "samp" => Tag::Inline,
    Script = "script" => Tag::Other,
    Search = "search" => Tag::Other,
    Section = "section" => Tag::Section,
    Select = "select" => Tag::Control,
    Small = "small" => Tag::Inline,
    Source = "source" => Tag::Other,
    Span = "span" => Tag::Inline,
    Strike = "strike" => Tag::Inline,
    Strong = "strong" => Tag::Inline,
    Style = "style" => Tag::Other,
    Sub = "sub" => Tag::Inline,
    Summary = "summary" => Tag::Other,
    Sup = "sup" => Tag::Inline,
    Svg = "svg" => Tag::Other,
    Table = "table" => Tag::Table,
    Tbody = "tbody" => Tag::Other,
    Td = "td" => Tag::Td,
    Template = "template" => Tag::Other,
    Textarea = "textarea" => Tag::Control,
    Tfoot = "tfoot" => Tag::Other,
    Th = "th" => Tag::Th,
    Thead = "thead" => Tag::Other,
    Time = "time" => Tag::Time,
    Title = "title" => Tag::Title,
    Tr = "tr" => Tag::Tr,
    Track = "track" => Tag::Other,
    Tt = "tt" => Tag::Inline,
    U = "u" => Tag::Inline,
    Ul = "ul" => Tag::Ul,
    Var = "var" => Tag::Inline,
    Video = "video" => Tag::Img,
    Wbr = "wbr" => Tag::Inline,
    Xmp = "xmp" => Tag::Pre,
}

impl Name {
    /// The name for a lower-cased key. `<image>` is read as `<img>`, as
    /// browsers do.
    pub fn from_key(key: NameKey) -> Name {
        if key == name_key(b"image") {
            return Name::Img;
        }
        NAMES.get(&key).copied().unwrap_or(Name::Unknown)
    }

    /// Elements that never have content or an end tag.
    pub fn is_void(self) -> bool {
        use Name::*;
        matches!(
            self,
            Area | Base
                | Basefont
                | Bgsound
                | Br
                | Col
                | Embed
                | Frame
                | Hr
                | Img
                | Input
                | Keygen
                | Link
                | Meta
                | Param
                | Source
                | Track
                | Wbr
        )
    }

    /// The standard's "special" category: an end tag of an inline element
    /// does not reach past one of these.
    pub fn is_special(self) -> bool {
        use Name::*;
        matches!(
            self,
            Address
                | Applet
                | Area
                | Article
                | Aside
                | Base
                | Basefont
                | Bgsound
                | Blockquote
                | Body
                | Br
                | Button
                | Caption
                | Center
                | Col
                | Colgroup
                | Dd
                | Details
                | Dialog
                | Dir
                | Div
                | Dl
                | Dt
                | Embed
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Form
                | Frame
                | Frameset
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Head
                | Header
                | Hgroup
                | Hr
                | Html
                | Iframe
                | Img
                | Input
                | Keygen
                | Li
                | Link
                | Listing
                | Main
                | Marquee
                | Menu
                | Meta
                | Nav
                | Noembed
                | Noframes
                | Noscript
                | Object
                | Ol
                | P
                | Param
                | Plaintext
                | Pre
                | Script
                | Search
                | Section
                | Select
                | Source
                | Style
                | Summary
                | Table
                | Tbody
                | Td
                | Template
                | Textarea
                | Tfoot
                | Th
                | Thead
                | Title
                | Tr
                | Track
                | Ul
                | Wbr
                | Xmp
        )
    }

    /// Start tags that close an open `<p>` first.
    pub fn closes_p(self) -> bool {
        use Name::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Center
                | Details
                | Dialog
                | Dir
                | Div
                | Dl
                | Fieldset
                | Figcaption
                | Figure
                | Footer
                | Header
                | Hgroup
                | Main
                | Menu
                | Nav
                | Ol
                | P
                | Search
                | Section
                | Summary
                | Ul
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Pre
                | Listing
                | Form
                | Li
                | Dd
                | Dt
                | Plaintext
                | Table
                | Hr
                | Xmp
        )
    }

    /// Elements an end tag looking for an open element does not look past
    /// (the standard's "has an element in scope").
    pub fn is_scope_boundary(self) -> bool {
        use Name::*;
        matches!(
            self,
            Applet | Caption | Html | Table | Td | Th | Marquee | Object | Template
        )
    }

    /// The standard's formatting elements: their end tags close them even
    /// across blocks opened inside them.
    pub fn is_formatting(self) -> bool {
        use Name::*;
        matches!(
            self,
            A | B | Big | Code | Em | Font | I | Nobr | S | Small | Strike | Strong | Tt | U
        )
    }

    /// `<h1>` to `<h6>`.
    pub fn is_heading(self) -> bool {
        use Name::*;
        matches!(self, H1 | H2 | H3 | H4 | H5 | H6)
    }

    /// Elements of the page's `<head>`.
    pub fn is_head_content(self) -> bool {
        use Name::*;
        matches!(
            self,
            Base | Basefont
                | Bgsound
                | Link
                | Meta
                | Title
                | Noscript
                | Noframes
                | Style
                | Script
                | Template
        )
    }

    /// How the text inside the element is read.
    pub fn text_mode(self) -> TextMode {
        use Name::*;
        match self {
            Script | Style | Noscript | Noframes | Noembed | Iframe | Template => TextMode::Skip,
            Xmp => TextMode::Raw,
            Title | Textarea => TextMode::Escapable,
            Plaintext => TextMode::ToEnd,
            _ => TextMode::Markup,
        }
    }
}

/// How the text inside an element is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextMode {
    /// Ordinary markup: tags and text.
    Markup,
    /// Text up to the matching end tag, with entities decoded (`<title>`,
    /// `<textarea>`).
    Escapable,
    /// Text up to the matching end tag, taken as written (`<xmp>`).
    Raw,
    /// Content up to the matching end tag, dropped (scripts, styles,
    /// `<noscript>`...: the prescan removes most of them already).
    Skip,
    /// Everything to the end of the page is text (`<plaintext>`).
    ToEnd,
}

/// The attributes the extractor reads; all others are skipped by the tree
/// builder without being stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrName {
    /// `class`.
    Class,
    /// `id`.
    Id,
    /// `href`.
    Href,
    /// `itemprop`.
    Itemprop,
    /// `itemtype`.
    Itemtype,
    /// `role`.
    Role,
    /// `name`.
    Name,
    /// `property`.
    Property,
    /// `content`.
    Content,
    /// `value`.
    Value,
    /// `http-equiv`.
    HttpEquiv,
    /// `rel`.
    Rel,
    /// `title`.
    Title,
    /// `lang`.
    Lang,
    /// `xml:lang`.
    XmlLang,
    /// `datetime`.
    Datetime,
    /// `pubdate`.
    Pubdate,
    /// `hidden`.
    Hidden,
    /// `aria-hidden`.
    AriaHidden,
    /// `style`.
    Style,
    /// `aria-label`.
    AriaLabel,
    /// `alt`.
    Alt,
}

impl AttrName {
    /// The attribute for a raw (any case) name, if it is one the extractor reads.
    pub fn from_raw(raw: &[u8]) -> Option<AttrName> {
        let mut buf = [0u8; 12];
        if raw.len() > buf.len() {
            return None;
        }
        for (slot, b) in buf.iter_mut().zip(raw) {
            *slot = b.to_ascii_lowercase();
        }
        Some(match &buf[..raw.len()] {
            b"class" => AttrName::Class,
            b"id" => AttrName::Id,
            b"href" => AttrName::Href,
            b"itemprop" => AttrName::Itemprop,
            b"itemtype" => AttrName::Itemtype,
            b"role" => AttrName::Role,
            b"name" => AttrName::Name,
            b"property" => AttrName::Property,
            b"content" => AttrName::Content,
            b"value" => AttrName::Value,
            b"http-equiv" => AttrName::HttpEquiv,
            b"rel" => AttrName::Rel,
            b"title" => AttrName::Title,
            b"lang" => AttrName::Lang,
            b"xml:lang" => AttrName::XmlLang,
            b"datetime" => AttrName::Datetime,
            b"pubdate" => AttrName::Pubdate,
            b"hidden" => AttrName::Hidden,
            b"aria-hidden" => AttrName::AriaHidden,
            b"style" => AttrName::Style,
            b"aria-label" => AttrName::AriaLabel,
            b"alt" => AttrName::Alt,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(Name::from_key(name_key(b"div")), Name::Div);
        assert_eq!(Name::from_key(name_key(b"blockquote")), Name::Blockquote);
        assert_eq!(Name::from_key(name_key(b"image")), Name::Img);
        assert_eq!(Name::from_key(name_key(b"my-widget")), Name::Unknown);
        assert_eq!(
            Name::from_key(name_key(b"a-very-long-custom-element-name")),
            Name::Unknown
        );
        assert_eq!(name_key(b"DIV"), name_key(b"div"));
        assert_eq!(
            name_key(b"A-Very-Long-Custom-Element-Name"),
            name_key(b"a-very-long-custom-element-name")
        );
        assert_ne!(
            name_key(b"a-very-long-custom-element-name"),
            name_key(b"a-very-long-custom-element-namf")
        );
        assert_eq!(Name::H3.tag(), Tag::H(3));
        assert_eq!(AttrName::from_raw(b"CLASS"), Some(AttrName::Class));
        assert_eq!(AttrName::from_raw(b"data-x"), None);
    }
}
