//! newsdesk-analyze: one article in, who and what it is about out.
//!
//! [`analyze_article`] (or [`analyze_text`]) is a pure function: no I/O, no
//! global mutable state, the same output for the same input on any machine.
//! Word lists, the gazetteer and the name tagger's word tables are data files
//! under `data/`, its trained models files under `models/`, all compiled in and
//! parsed once. The stages, in order, each a module:
//!
//! 1. [`token`] and [`sentence`]: tokens with byte and char offsets, sentences.
//! 2. [`doc`]: the per-document view every later stage reads (keys, gazetteer
//!    hits, titles, sentence of each token).
//! 3. [`tagger`]: the learned name tagger (an averaged perceptron over BIO
//!    tags, one model per language) marks people, organisations and places.
//! 4. [`entities`]: the tagged names, their kinds, roles and in-document
//!    coreference, clustered into [`Entity`] records with salience.
//! 5. [`quotes`]: direct speech in quotation marks and dash dialogue, indirect
//!    speech, with speakers resolved through the entities.
//! 6. [`keyphrases`] and [`events`]: what the article is about and what happened.
//!
//! Every stage is linear in the text (bounded look-around windows, no
//! backtracking), so 5 MB of one word or unbalanced quotes cost what their
//! length costs. Offsets in the output are char (Unicode scalar) offsets into
//! the analysed text, end exclusive.

pub mod doc;
pub mod entities;
pub mod events;
pub mod fasthash;
pub mod gazetteer;
pub mod keyphrases;
pub mod lexicon;
pub mod normalize;
pub mod quotes;
pub mod records;
pub mod sentence;
pub mod tagger;
pub mod token;

use serde::{Deserialize, Serialize};

/// Everything analysis adds to an article record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// ISO 639-1 code of the text's language (whatlang), if it can be told.
    pub language: Option<String>,
    /// Sentences in the text.
    pub sentences: usize,
    /// Tokens (words, numbers, punctuation) in the text.
    pub tokens: usize,
    /// Most salient first.
    pub entities: Vec<Entity>,
    /// In reading order.
    pub quotes: Vec<Quote>,
    /// Best first.
    pub keyphrases: Vec<Keyphrase>,
    /// In reading order.
    pub events: Vec<Event>,
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// A company, party, ministry, club or other body.
    Organization,
    /// A country, region, city or other location.
    Place,
    /// A named event ("World Cup", "Olympics").
    Event,
    /// A named thing of none of the other kinds.
    Other,
}

/// A span of the text, or of the title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Char offsets, end exclusive: into the title when [`Mention::in_title`],
    /// else into the text.
    pub start: usize,
    /// End of the span (exclusive), in the same chars as `start`.
    pub end: usize,
    /// The span's text, as written.
    pub text: String,
    /// The span is in the title (written only when true).
    #[serde(default, skip_serializing_if = "is_false")]
    pub in_title: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// One person, organisation, place or other named thing of the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The canonical name: the gazetteer's English name, or the fullest form in the text.
    pub name: String,
    /// What the entity is.
    pub kind: EntityKind,
    /// For places: the country they are in (a country's own name for a country).
    pub country: Option<String>,
    /// Roles from titles and appositions ("President of Belarus").
    pub roles: Vec<String>,
    /// Other ways the document refers to it ("Lukashenko", "the Head of State", "CSTO").
    pub aliases: Vec<String>,
    /// Where it is named.
    pub mentions: Vec<Mention>,
    /// Where it is referred to by a role ("the President"), not by name.
    pub references: Vec<Mention>,
    /// 0..1, the most salient entity of the document is 1.
    pub salience: f64,
}

/// Whether a quote is the speaker's words or a report of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// The speaker's own words, in quotation marks or dash dialogue.
    Direct,
    /// A report of what was said ("X said that ...").
    Indirect,
}

/// Something someone said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// The speaker's canonical entity name; `None` when the text does not say.
    pub speaker: Option<String>,
    /// The verb or phrase that attributes it ("said", "noted", "according to").
    pub cue: Option<String>,
    /// Direct or indirect speech.
    pub kind: QuoteKind,
    /// Char offsets of the quoted words (without the marks), end exclusive:
    /// into the title when [`Quote::in_title`], else into the text.
    pub start: usize,
    /// End of the quoted words (exclusive), in the same chars as `start`.
    pub end: usize,
    /// The quote is in the title (written only when true).
    #[serde(default, skip_serializing_if = "is_false")]
    pub in_title: bool,
}

/// A ranked phrase that says what the article is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Keyphrase {
    /// The phrase as first written in the text (a sentence's first word
    /// lowercased unless it is a name or acronym).
    pub phrase: String,
    /// Its score, higher is better: frequency, first position,
    /// title words and length combined, rounded to three decimals.
    pub score: f64,
}

/// What kind of thing happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A meeting word with two or more persons in its sentence.
    Meeting,
    /// Someone quoted: a speaker and what they said.
    Statement,
    /// A conflict word with its sides ("between A and B", "war against B").
    Conflict,
}

/// Something that happened, and who took part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// Canonical entity names.
    pub actors: Vec<String>,
    /// The first place named in the sentence outside a role, if any.
    pub place: Option<String>,
    /// When, as the text states it ("on Monday"), if it does.
    pub when: Option<String>,
    /// The sentence that says so.
    pub sentence: String,
    /// Char offsets of that sentence: into the title when
    /// [`Event::in_title`], else into the text.
    pub start: usize,
    /// End of the sentence (exclusive), in the same chars as `start`.
    pub end: usize,
    /// The sentence is the title (written only when true).
    #[serde(default, skip_serializing_if = "is_false")]
    pub in_title: bool,
    /// For statements: indices into [`Analysis::quotes`].
    pub quotes: Vec<usize>,
}

/// Texts shorter than this many chars borrow the title for language detection.
const SHORT_TEXT_CHARS: usize = 400;

/// The text's language by whatlang (through `newsdesk-extract`, the same
/// detector extraction uses: trigram models of ~70 languages, pure Rust, no
/// model files). A short text is read together with its title.
fn detect_language(text: &str, title: Option<&str>, declared: Option<&str>) -> Option<String> {
    match title {
        Some(title) if text.chars().nth(SHORT_TEXT_CHARS).is_none() => {
            newsdesk_extract::language::detect_language(&format!("{title}\n{text}"), declared)
        }
        _ => newsdesk_extract::language::detect_language(text, declared),
    }
}

/// Analyses an extracted article's body text (`article.text`); offsets point into it.
/// Extraction already named the body's language with the same detector, so it
/// is reused rather than detected twice.
pub fn analyze_article(article: &newsdesk_extract::Article) -> Analysis {
    let language = match &article.language {
        Some(code) => Some(code.clone()),
        None => detect_language(&article.text, article.title.as_deref(), None),
    };
    analyze_with_language(&article.text, article.title.as_deref(), language)
}

/// Analyses a text. `title` (not part of `text`) only weighs salience and
/// keyphrases; `declared_language` is a hint for language detection.
pub fn analyze_text(text: &str, title: Option<&str>, declared_language: Option<&str>) -> Analysis {
    let language = detect_language(text, title, declared_language);
    analyze_with_language(text, title, language)
}

fn analyze_with_language(text: &str, title: Option<&str>, language: Option<String>) -> Analysis {
    let read = ReadText::of(text, title);
    let doc = doc::Doc::new(&read.text);
    let found = entities::find(&doc);
    let quotes = quotes::find(&doc, &found);
    let entities = records::entity_records(&doc, &found, &quotes, title);
    let names: Vec<Option<(usize, bool)>> = found
        .at_token
        .iter()
        .map(|f| f.map(|i| (i, found.found[i].kind == EntityKind::Person)))
        .collect();
    let keyphrases = keyphrases::rank(&doc, &names, title);
    let events = events::find(&doc, &found, &quotes);
    let mut analysis = Analysis {
        language,
        sentences: doc.sentences.len(),
        tokens: doc.tokens.len(),
        entities,
        quotes: quotes.into_iter().map(|q| q.quote).collect(),
        keyphrases,
        events,
    };
    read.split_offsets(&mut analysis);
    analysis
}

/// What is read: the title, a blank line, then the text, so that names,
/// quotes and events of the headline count too. Offsets found in the read
/// text are then split back into the title's and the text's own
/// ([`ReadText::split_offsets`]).
struct ReadText<'a> {
    text: std::borrow::Cow<'a, str>,
    /// Chars before the text proper: the title and the blank line (0 without a title).
    title_chars: usize,
}

impl<'a> ReadText<'a> {
    fn of(text: &'a str, title: Option<&str>) -> Self {
        let title = title.filter(|t| !t.trim().is_empty());
        // A text that opens with its title already holds it.
        let Some(title) = title.filter(|t| !text.trim_start().starts_with(t.trim())) else {
            return ReadText {
                text: std::borrow::Cow::Borrowed(text),
                title_chars: 0,
            };
        };
        // Line breaks become spaces, one char for one, so offsets still
        // count in the title as given.
        let title = title.replace(['\n', '\r'], " ");
        ReadText {
            title_chars: title.chars().count() + 2,
            text: std::borrow::Cow::Owned(format!("{title}\n\n{text}")),
        }
    }

    /// Offsets before the text proper are the title's; the rest move back by
    /// the title's length. A span that runs from the title into the text (a
    /// quote across the blank line) keeps its part in the text.
    fn split_offsets(&self, analysis: &mut Analysis) {
        if self.title_chars == 0 {
            return;
        }
        let title_end = self.title_chars - 2;
        let read = &self.text;
        let shift = |start: &mut usize, end: &mut usize, in_title: &mut bool, text: &mut String| {
            if *end <= title_end {
                *in_title = true;
                return;
            }
            if *start < self.title_chars {
                *start = self.title_chars;
                *text = read
                    .chars()
                    .skip(*start)
                    .take(end.saturating_sub(*start))
                    .collect();
            }
            *start -= self.title_chars;
            *end -= self.title_chars;
        };
        for entity in &mut analysis.entities {
            for m in entity
                .mentions
                .iter_mut()
                .chain(entity.references.iter_mut())
            {
                shift(&mut m.start, &mut m.end, &mut m.in_title, &mut m.text);
            }
        }
        for q in &mut analysis.quotes {
            shift(&mut q.start, &mut q.end, &mut q.in_title, &mut q.text);
        }
        for e in &mut analysis.events {
            shift(&mut e.start, &mut e.end, &mut e.in_title, &mut e.sentence);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "President of Belarus Alexander Lukashenko met CSTO Secretary General Imangali Tasmaganbetov in Minsk on Monday.\n\n\
        The Head of State noted:\n\n– The conflict between Armenia and Azerbaijan has ended.\n\n\
        «Мы готовы к саммиту ОДКБ», – заявил генсек ОДКБ Имангали Тасмаганбетов.";

    #[test]
    fn the_same_text_gives_the_same_analysis_every_time() {
        // Each run builds fresh hash maps with fresh random seeds: the output must not depend on them.
        let first = analyze_text(TEXT, Some("Talks in Minsk"), None);
        for _ in 0..5 {
            assert_eq!(analyze_text(TEXT, Some("Talks in Minsk"), None), first);
        }
        let from_thread =
            std::thread::spawn(|| analyze_text(TEXT, Some("Talks in Minsk"), None)).join();
        assert_eq!(from_thread.ok(), Some(first));
    }

    #[test]
    fn the_title_is_read_and_its_offsets_are_the_titles() {
        let title = "Angela Merkel visits Kyiv";
        let text = "The German chancellor arrived on Monday. Merkel met officials in the capital.";
        let analysis = analyze_text(text, Some(title), None);
        let merkel = analysis
            .entities
            .iter()
            .find(|e| e.name == "Angela Merkel")
            .unwrap_or_else(|| panic!("{:?}", analysis.entities));
        let in_title: Vec<&Mention> = merkel.mentions.iter().filter(|m| m.in_title).collect();
        assert_eq!(in_title.len(), 1, "{:?}", merkel.mentions);
        let chars: Vec<char> = title.chars().collect();
        let spanned: String = chars[in_title[0].start..in_title[0].end].iter().collect();
        assert_eq!(spanned, "Angela Merkel");
        // Mentions in the text keep the text's own offsets.
        let body = merkel
            .mentions
            .iter()
            .find(|m| !m.in_title)
            .expect("named in the text");
        let chars: Vec<char> = text.chars().collect();
        let spanned: String = chars[body.start..body.end].iter().collect();
        assert_eq!(spanned, body.text);
        // Written only when true.
        let json = serde_json::to_string(&analysis).unwrap_or_default();
        assert_eq!(
            json.matches("\"in_title\":true").count(),
            analysis_in_title(&analysis)
        );
        assert!(!json.contains("\"in_title\":false"));
        // A text that opens with its title is not given it twice.
        let opening = format!("{title}\n\n{text}");
        let once = analyze_text(&opening, Some(title), None);
        assert!(once
            .entities
            .iter()
            .flat_map(|e| &e.mentions)
            .all(|m| !m.in_title));
    }

    fn analysis_in_title(analysis: &Analysis) -> usize {
        let mentions = analysis
            .entities
            .iter()
            .flat_map(|e| e.mentions.iter().chain(&e.references))
            .filter(|m| m.in_title)
            .count();
        mentions
            + analysis.quotes.iter().filter(|q| q.in_title).count()
            + analysis.events.iter().filter(|e| e.in_title).count()
    }

    #[test]
    fn the_analysis_survives_a_json_round_trip() {
        let analysis = analyze_text(TEXT, None, None);
        let json = serde_json::to_string(&analysis).unwrap_or_default();
        let back: Analysis = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, analysis);
        assert!(
            json.contains("\"kind\":\"meeting\"") && json.contains("\"kind\":\"conflict\""),
            "{json}"
        );
    }
}
