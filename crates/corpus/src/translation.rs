//! Translated copies across languages, found without machine translation.
//!
//! A translation of a report keeps what words cannot change: the names it
//! mentions (in another script, declined, but the same consonants once
//! transliterated, see [`crate::signals::skeleton`]), its figures, its
//! quotes and its paragraph structure, sentence for sentence. A second report
//! of the same event shares some names and a figure or two, but not the same
//! ones paragraph by paragraph. So each article gets a [`CopyPrint`] (built
//! once, in parallel, when the page is prepared), and a pair of prints in two
//! languages is compared by [`features`] — overlap of names (as written, and
//! as the canonical names of the entities the analyser found, so that
//! "Москве" meets "Moscow"), of numbers (and whether there are any), over the
//! whole text, in the title and paragraph by paragraph, and the ratios of
//! length, paragraphs and quotes — some of which a small logistic model
//! ([`TranslationModel`], the features it uses and their weights in
//! `data/translation-model.json`, learned from labelled pairs by
//! `scripts/train-translation-model.py`) turns into the probability that one
//! is a translation of the other.
//!
//! Nothing in a feature depends on which language is the original's: each
//! is symmetric in the two prints, and where languages differ (Russian
//! writes fewer words with a capital, and its text runs longer) the
//! difference is the same whichever way the translation went. The
//! development pairs are all English originals; `tests/translations.rs`
//! links one report in both directions.
//!
//! Which one is the original: the one whose language the other page names as
//! its source (`source_language`), else the earlier one.
//!
//! Which link a new article gets is decided here too, by [`choose`], so that
//! both stores (SQLite on one machine, PostgreSQL in a cluster) link the
//! same pages alike; they only read the candidates and write the result.
//! Each end keeps its likeliest link: a copy one original, an original one
//! translation per language. A link made earlier only because its page
//! arrived first gives way to a likelier one, so the links do not depend on
//! arrival order.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use newsdesk_analyze::Analysis;
use newsdesk_extract::Article;
use serde::{Deserialize, Serialize};

use crate::signals::{entity_key, numbers, word_skeleton};

/// The model's weights, learned by `scripts/train-translation-model.py`.
const MODEL_JSON: &str = include_str!("../data/translation-model.json");

/// At most this many paragraphs are kept per print (the rest add little).
const MAX_PARAGRAPHS: usize = 60;

/// Two articles share at least this many names and numbers (story keys that
/// read the same in any language) to be compared as possible translations.
pub const MIN_COPY_KEYS: u32 = 2;
/// At most this many articles in another language are compared as possible
/// translations, the most sharing first.
pub const MAX_COPY_CANDIDATES: usize = 20;
/// At most this many candidates, in any language, are looked at to find
/// them (articles in the same language share more, and come first).
pub const COPY_CANDIDATES_SEEN: usize = 100;

/// What a translation of an article would keep: its language, size, and
/// the names and numbers of its title and of each paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CopyPrint {
    /// The article's language.
    pub language: String,
    /// The language the page says it was translated from, if it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_language: Option<String>,
    /// Characters of text.
    pub chars: u32,
    /// Paragraphs of text (all of them; `paragraphs` keeps the first ones).
    pub paragraph_count: u32,
    /// Quotes the analysis found.
    pub quotes: u32,
    /// Name skeletons and numbers of the title.
    pub title: Vec<String>,
    /// Name skeletons and numbers ("#12") of each paragraph, in order.
    pub paragraphs: Vec<Vec<String>>,
}

impl CopyPrint {
    /// The print of an analysed article; `None` without a known language.
    pub fn of(article: &Article, analysis: &Analysis) -> Option<CopyPrint> {
        let language = analysis.language.clone().or(article.language.clone())?;
        let names = EntityNames::of(analysis);
        let mut paragraphs = Vec::new();
        let mut count = 0u32;
        for para in article.text.split('\n').map(str::trim) {
            if para.is_empty() {
                continue;
            }
            count += 1;
            if paragraphs.len() < MAX_PARAGRAPHS {
                paragraphs.push(marks(para, &names));
            }
        }
        Some(CopyPrint {
            language,
            source_language: article.source_language.clone(),
            chars: article.text.chars().count().min(u32::MAX as usize) as u32,
            paragraph_count: count,
            quotes: analysis.quotes.len().min(u32::MAX as usize) as u32,
            title: marks(article.title.as_deref().unwrap_or(""), &names),
            paragraphs,
        })
    }

    fn all_marks(&self) -> BTreeSet<&str> {
        self.paragraphs
            .iter()
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

/// The entities the analyser found, by the skeletons of the words that name
/// them: a word written as any of an entity's mentions or aliases stands for
/// the entity's canonical name. The canonical name is the gazetteer's
/// (English) one where the analyser knows the entity, so "Москве" and
/// "Moscow" meet although their skeletons differ.
#[derive(Debug, Default)]
struct EntityNames {
    by_word: BTreeMap<String, BTreeSet<String>>,
}

impl EntityNames {
    fn of(analysis: &Analysis) -> EntityNames {
        let mut by_word: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for entity in &analysis.entities {
            let Some(canonical) = entity_key(&entity.name, entity.kind) else {
                continue;
            };
            let forms = std::iter::once(entity.name.as_str())
                .chain(entity.aliases.iter().map(String::as_str))
                .chain(entity.mentions.iter().map(|m| m.text.as_str()));
            for form in forms {
                for word in form.split(|c: char| !c.is_alphanumeric()) {
                    if let Some(key) = word_skeleton(word) {
                        by_word.entry(key).or_default().insert(canonical.clone());
                    }
                }
            }
        }
        EntityNames { by_word }
    }
}

/// The names and numbers of a stretch of text, sorted and unique: words
/// written with a capital inside a sentence, as consonant skeletons, and the
/// canonical names (`=key`) of the entities any of its words name, wherever
/// they stand; numbers as `#digits`.
fn marks(text: &str, names: &EntityNames) -> Vec<String> {
    let mut out = BTreeSet::new();
    for n in numbers(text) {
        out.insert(format!("#{n}"));
    }
    let mut sentence_start = true;
    for raw in text.split(char::is_whitespace) {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if capital {
            if let Some(key) = word_skeleton(word) {
                if let Some(entities) = names.by_word.get(&key) {
                    out.extend(entities.iter().map(|e| format!("={e}")));
                }
                if !sentence_start {
                    out.insert(key);
                }
            }
        }
        if !word.is_empty() {
            sentence_start = raw.ends_with(['.', '!', '?', ':', '»', '"']);
        }
    }
    out.into_iter().collect()
}

/// The names of the features, in the order [`features`] gives them. The
/// model names the ones it uses.
pub const FEATURES: [&str; 12] = [
    "marks_dice",
    "marks_containment",
    "names_dice",
    "numbers_dice",
    "no_numbers",
    "title_dice",
    "aligned_paragraphs",
    "paragraph_ratio",
    "length_ratio",
    "quote_ratio",
    "hours_apart",
    "shared_numbers",
];

/// How alike two prints are, feature by feature (see [`FEATURES`]); the
/// same whichever comes first, and whichever language is the original's.
///
/// `marks_containment` is the share of the smaller set of marks found in the
/// other: a language that writes fewer words with a capital (Russian has no
/// capital for months, weekdays or nationalities) gives fewer marks whether
/// it is the original or the translation. `no_numbers` tells a pair without
/// any figure (nothing to agree on) from one whose figures differ, which
/// `numbers_dice` alone cannot.
pub fn features(a: &CopyPrint, b: &CopyPrint, hours_apart: f64) -> [f64; 12] {
    let (ma, mb) = (a.all_marks(), b.all_marks());
    let (na, nb) = (only(&ma, '#'), only(&mb, '#'));
    let shared_numbers = na.intersection(&nb).count() as f64;
    [
        dice(&ma, &mb),
        containment(&ma, &mb),
        dice(&only(&ma, '='), &only(&mb, '=')),
        dice(&na, &nb),
        if na.is_empty() && nb.is_empty() {
            1.0
        } else {
            0.0
        },
        dice(
            &a.title.iter().map(String::as_str).collect(),
            &b.title.iter().map(String::as_str).collect(),
        ),
        aligned(a, b),
        ratio(a.paragraph_count as f64, b.paragraph_count as f64),
        ratio(a.chars as f64, b.chars as f64),
        ratio(a.quotes as f64 + 1.0, b.quotes as f64 + 1.0),
        (hours_apart.abs() + 1.0).ln(),
        (shared_numbers + 1.0).ln(),
    ]
}

/// Paragraph by paragraph: each paragraph of one print against the
/// paragraphs at the same relative place in the other (one either side), the
/// best overlap, averaged over paragraphs that have marks; both ways, so the
/// order of the two does not matter.
fn aligned(a: &CopyPrint, b: &CopyPrint) -> f64 {
    (aligned_one_way(a, b) + aligned_one_way(b, a)) / 2.0
}

fn aligned_one_way(from: &CopyPrint, to: &CopyPrint) -> f64 {
    if from.paragraphs.is_empty() || to.paragraphs.is_empty() {
        return 0.0;
    }
    let scale = to.paragraphs.len() as f64 / from.paragraphs.len() as f64;
    let (mut sum, mut counted) = (0.0, 0usize);
    for (i, para) in from.paragraphs.iter().enumerate() {
        if para.is_empty() {
            continue;
        }
        let set: BTreeSet<&str> = para.iter().map(String::as_str).collect();
        let at = (i as f64 * scale).round() as usize;
        let best = (at.saturating_sub(1)..=at + 1)
            .filter_map(|j| to.paragraphs.get(j))
            .map(|other| dice(&set, &other.iter().map(String::as_str).collect()))
            .fold(0.0, f64::max);
        sum += best;
        counted += 1;
    }
    if counted == 0 {
        0.0
    } else {
        sum / counted as f64
    }
}

fn dice(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

/// The marks of `set` that begin with `prefix`.
fn only<'a>(set: &BTreeSet<&'a str>, prefix: char) -> BTreeSet<&'a str> {
    set.iter()
        .copied()
        .filter(|m| m.starts_with(prefix))
        .collect()
}

/// The share of the smaller set found in the larger.
fn containment(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

fn ratio(a: f64, b: f64) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    if hi <= 0.0 {
        0.0
    } else {
        lo / hi
    }
}

/// A logistic model over some of the [`features`], named in its file.
#[derive(Debug, Clone, Deserialize)]
pub struct TranslationModel {
    /// The names of the features it reads, in the order of `weights`.
    pub features: Vec<String>,
    /// One weight per feature.
    pub weights: Vec<f64>,
    /// The intercept.
    pub bias: f64,
    /// The probability from which a pair counts as a translation.
    pub threshold: f64,
    /// Where each of `features` is in [`FEATURES`].
    #[serde(skip)]
    at: Vec<usize>,
}

impl TranslationModel {
    /// Reads a model; an error when its features are not all [`FEATURES`]
    /// or its weights do not match them.
    pub fn from_json(json: &str) -> Result<TranslationModel, String> {
        let mut model: TranslationModel =
            serde_json::from_str(json).map_err(|e| format!("translation model: {e}"))?;
        if model.weights.len() != model.features.len() {
            return Err(format!(
                "translation model: {} weights for {} features",
                model.weights.len(),
                model.features.len()
            ));
        }
        model.at = model
            .features
            .iter()
            .map(|name| {
                FEATURES
                    .iter()
                    .position(|f| f == name)
                    .ok_or_else(|| format!("translation model: unknown feature {name:?}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(model)
    }

    /// The model shipped with newsdesk; `None` if its file does not match
    /// this build's features (then nothing is marked as a translation).
    pub fn shipped() -> Option<&'static TranslationModel> {
        static MODEL: OnceLock<Option<TranslationModel>> = OnceLock::new();
        MODEL
            .get_or_init(|| TranslationModel::from_json(MODEL_JSON).ok())
            .as_ref()
    }

    /// The probability that two articles with these [`features`] are one
    /// text in two languages.
    pub fn probability(&self, features: &[f64; FEATURES.len()]) -> f64 {
        let z: f64 = self.bias
            + self
                .weights
                .iter()
                .zip(&self.at)
                .map(|(w, &i)| w * features[i])
                .sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Which of two articles that are one text is the original: `true` when
/// `a` is. The one whose language the other names as its source, else the
/// earlier (RFC 3339 dates; ties and unknown dates: `a`, the one already
/// stored).
pub fn a_is_original(
    a_language: &str,
    a_date: Option<&str>,
    b_language: &str,
    b_source_language: Option<&str>,
    a_source_language: Option<&str>,
    b_date: Option<&str>,
) -> bool {
    let names = |source: Option<&str>, language: &str| {
        source.is_some_and(|s| s.eq_ignore_ascii_case(language))
    };
    if names(b_source_language, a_language) && !names(a_source_language, b_language) {
        return true;
    }
    if names(a_source_language, b_language) && !names(b_source_language, a_language) {
        return false;
    }
    match (a_date, b_date) {
        (Some(a), Some(b)) => a <= b,
        _ => true,
    }
}

/// A stored article in another language that may be one text with a new
/// article, as a store reads it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Its article id.
    pub id: i64,
    /// Its copy print.
    pub print: CopyPrint,
    /// Its date (RFC 3339), if known.
    pub date: Option<String>,
    /// Its story.
    pub story: i64,
    /// The confidence of its link to an original, when it is linked as a
    /// translated copy already.
    pub linked_as_copy: Option<f64>,
}

/// A candidate's row as a store keeps it: its print as JSON, its date, its
/// story and the confidence of its link as a translated copy, if any.
#[derive(Debug, Clone)]
pub struct StoredCandidate {
    /// The [`CopyPrint`], serialised.
    pub print_json: String,
    /// Its date (RFC 3339), if known.
    pub date: Option<String>,
    /// Its story.
    pub story: i64,
    /// See [`Candidate::linked_as_copy`].
    pub linked_as_copy: Option<f64>,
}

/// The candidates [`choose`] compares: of `ranked` (in the order
/// [`crate::story_match::StoryMatch::copy_candidates`] ranks them), the first
/// [`MAX_COPY_CANDIDATES`] that `stored(id)` finds as a latest revision in
/// another language (it returns `None` for the rest). One whose stored
/// print does not parse counts but is left out.
pub fn read_candidates<E>(
    ranked: &[i64],
    mut stored: impl FnMut(i64) -> Result<Option<StoredCandidate>, E>,
) -> Result<Vec<Candidate>, E> {
    let mut read = Vec::with_capacity(MAX_COPY_CANDIDATES);
    let mut in_other_language = 0;
    for &id in ranked {
        if in_other_language >= MAX_COPY_CANDIDATES {
            break;
        }
        let Some(row) = stored(id)? else {
            continue;
        };
        in_other_language += 1;
        let Ok(print) = serde_json::from_str::<CopyPrint>(&row.print_json) else {
            continue;
        };
        read.push(Candidate {
            id,
            print,
            date: row.date,
            story: row.story,
            linked_as_copy: row.linked_as_copy,
        });
    }
    Ok(read)
}

/// The translation link of a new article (`print`, dated `date`) among the
/// `ranked` candidates, as both stores decide it: none without a shipped
/// model; else [`read_candidates`] through `stored`, and [`choose`] with
/// `rival`.
pub fn find<E>(
    print: &CopyPrint,
    date: &str,
    ranked: &[i64],
    stored: impl FnMut(i64) -> Result<Option<StoredCandidate>, E>,
    rival: impl FnMut(i64, &str) -> Result<Option<f64>, E>,
) -> Result<Option<Chosen>, E> {
    let Some(model) = TranslationModel::shipped() else {
        return Ok(None);
    };
    let candidates = read_candidates(ranked, stored)?;
    choose(model, print, date, &candidates, rival)
}

/// The translation link a new article gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    /// The other article.
    pub other: i64,
    /// Whether the other article is the original (else the new one is).
    pub other_is_original: bool,
    /// The other article's story, where a translated copy belongs.
    pub story: i64,
    /// The model's probability.
    pub confidence: f64,
}

impl Chosen {
    /// (translated copy, original) for an article `new`.
    pub fn copy_and_original(&self, new: i64) -> (i64, i64) {
        if self.other_is_original {
            (new, self.other)
        } else {
            (self.other, new)
        }
    }
}

/// The link of a new article (`print`, dated `date`) among `candidates`
/// (in the order [`crate::story_match::StoryMatch::copy_candidates`] ranks
/// them; candidates in the article's own language are skipped): the
/// likeliest one the model puts at or above its threshold, and that keeps
/// one link per end. `rival(original, language)` reads the confidence of
/// the translation into `language` that `original` has already, if any.
///
/// A candidate already linked as a copy has one original: it is nobody's
/// original, and moves to the new article only if the new one is its
/// original and likelier than the one it has (which may have come first only
/// by arrival). An original has one translation per language: the new
/// article replaces an existing one only if likelier. Ties go to the
/// candidate ranked first. The store, on writing the link, replaces the
/// copy's old link and drops the original's weaker translation into the
/// copy's language.
pub fn choose<E>(
    model: &TranslationModel,
    print: &CopyPrint,
    date: &str,
    candidates: &[Candidate],
    mut rival: impl FnMut(i64, &str) -> Result<Option<f64>, E>,
) -> Result<Option<Chosen>, E> {
    let mut best: Option<Chosen> = None;
    for candidate in candidates {
        let other = &candidate.print;
        if other.language == print.language {
            continue;
        }
        let hours = hours_between(date, candidate.date.as_deref());
        let p = model.probability(&features(print, other, hours));
        if p < model.threshold || best.as_ref().is_some_and(|b| b.confidence >= p) {
            continue;
        }
        let other_is_original = a_is_original(
            &other.language,
            candidate.date.as_deref(),
            &print.language,
            print.source_language.as_deref(),
            other.source_language.as_deref(),
            Some(date),
        );
        if let Some(linked) = candidate.linked_as_copy {
            if other_is_original || linked >= p {
                continue;
            }
        }
        if other_is_original && rival(candidate.id, &print.language)?.is_some_and(|r| r >= p) {
            continue;
        }
        best = Some(Chosen {
            other: candidate.id,
            other_is_original,
            story: candidate.story,
            confidence: p,
        });
    }
    Ok(best)
}

/// Hours from `other` to `date` (0 when either cannot be read).
pub fn hours_between(date: &str, other: Option<&str>) -> f64 {
    let parse = |d: &str| chrono::DateTime::parse_from_rfc3339(d).ok();
    match (parse(date), other.and_then(parse)) {
        (Some(a), Some(b)) => (a - b).num_minutes() as f64 / 60.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_candidates_counts_unreadable_prints_toward_the_bound() {
        let json = serde_json::to_string(&print("en", "A title", &["one two three"]))
            .expect("a print serialises");
        let stored = |id: i64| -> Result<Option<StoredCandidate>, ()> {
            Ok((id % 2 == 0).then(|| StoredCandidate {
                print_json: if id == 2 {
                    "not json".into()
                } else {
                    json.clone()
                },
                date: None,
                story: id * 10,
                linked_as_copy: None,
            }))
        };
        let ranked: Vec<i64> = (1..=100).collect();
        let read = read_candidates(&ranked, stored).expect("no error");
        // 2 counts but does not parse; the bound stops at the 20th found.
        let ids: Vec<i64> = read.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), MAX_COPY_CANDIDATES - 1);
        assert_eq!(ids.first(), Some(&4));
        assert_eq!(ids.last(), Some(&(2 * MAX_COPY_CANDIDATES as i64)));
        assert_eq!(read[0].story, 40);
    }

    fn print(language: &str, title: &str, paragraphs: &[&str]) -> CopyPrint {
        let none = EntityNames::default();
        CopyPrint {
            language: language.into(),
            source_language: None,
            chars: paragraphs.iter().map(|p| p.chars().count() as u32).sum(),
            paragraph_count: paragraphs.len() as u32,
            quotes: 0,
            title: marks(title, &none),
            paragraphs: paragraphs.iter().map(|p| marks(p, &none)).collect(),
        }
    }

    #[test]
    fn names_and_numbers_are_marked_across_scripts() {
        let none = EntityNames::default();
        let en = marks(
            "Officials in Moscow said 1,500 people met Sergei Shoigu.",
            &none,
        );
        let ru = marks(
            "Чиновники в Москве сообщили, что 1 500 человек встретили Сергея Шойгу.",
            &none,
        );
        assert!(en.contains(&"#1500".to_string()), "{en:?}");
        assert!(ru.contains(&"#1500".to_string()), "{ru:?}");
        let shared: Vec<_> = en.iter().filter(|m| ru.contains(m)).collect();
        assert!(shared.len() >= 3, "{en:?} vs {ru:?}");
    }

    #[test]
    fn a_translation_aligns_paragraph_by_paragraph_and_another_report_does_not() {
        let en = print(
            "en",
            "Storm hits Odessa",
            &[
                "A storm hit the port of Odessa on Monday, with winds of 120 km/h.",
                "Mayor Gennady Trukhanov said 14 ships were damaged.",
                "The Ukrainian Navy sent 3 boats to Chernomorsk.",
            ],
        );
        let ru = print(
            "ru",
            "Шторм обрушился на Одессу",
            &[
                "В понедельник шторм обрушился на порт Одессы, ветер достигал 120 км/ч.",
                "Мэр Геннадий Труханов сообщил, что повреждены 14 судов.",
                "ВМС Украины направили 3 катера в Черноморск.",
            ],
        );
        let other = print(
            "ru",
            "В Одессе убирают последствия шторма",
            &[
                "Коммунальщики Одессы работают вторые сутки.",
                "По словам Труханова, ущерб оценивают в 40 миллионов гривен.",
            ],
        );
        let same = features(&en, &ru, 5.0);
        let different = features(&en, &other, 5.0);
        assert!(same[6] > different[6], "{same:?} vs {different:?}");
        assert!(same[0] > different[0], "{same:?} vs {different:?}");
        assert_eq!(features(&en, &ru, 5.0), features(&ru, &en, -5.0));
    }

    #[test]
    fn the_shipped_model_reads_and_ranks_a_close_pair_above_a_loose_one() {
        let model = TranslationModel::shipped().expect("the shipped model fits the features");
        let close = [0.7, 0.9, 0.8, 0.9, 0.0, 0.6, 0.7, 1.0, 0.9, 1.0, 2.0, 2.0];
        let loose = [0.1, 0.2, 0.1, 0.0, 0.0, 0.0, 0.05, 0.4, 0.3, 0.5, 3.0, 0.0];
        assert!(model.probability(&close) > model.probability(&loose));
    }

    #[test]
    fn a_model_uses_the_features_it_names_and_refuses_unknown_ones() {
        let model = TranslationModel::from_json(
            r#"{"features": ["title_dice"], "weights": [2.0], "bias": -1.0, "threshold": 0.5}"#,
        )
        .expect("a model over one known feature");
        let mut f = [0.0; FEATURES.len()];
        f[5] = 1.0;
        assert!((model.probability(&f) - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-12);
        f[0] = 1.0;
        assert!((model.probability(&f) - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-12);
        let unknown = TranslationModel::from_json(
            r#"{"features": ["colour"], "weights": [1.0], "bias": 0.0, "threshold": 0.5}"#,
        );
        assert!(unknown.is_err_and(|e| e.contains("colour")));
        let short = TranslationModel::from_json(
            r#"{"features": ["title_dice"], "weights": [], "bias": 0.0, "threshold": 0.5}"#,
        );
        assert!(short.is_err());
    }

    #[test]
    fn choose_keeps_one_link_per_end_and_the_likeliest() {
        // The probability rises with the title's overlap only.
        let model = TranslationModel::from_json(
            r#"{"features": ["title_dice"], "weights": [8.0], "bias": -4.0, "threshold": 0.5}"#,
        )
        .expect("a model");
        let new = print("ru", "Шторм в Одессе: 14 судов, Труханов", &[]);
        let close = print("en", "Storm in Odessa: 14 ships, Trukhanov", &[]);
        let loose = print("en", "Odessa port reopens", &[]);
        let same_language = print("ru", "Шторм в Одессе: 14 судов, Труханов", &[]);
        let candidate = |id, print: &CopyPrint, date: &str, linked| Candidate {
            id,
            print: print.clone(),
            date: Some(date.into()),
            story: id * 10,
            linked_as_copy: linked,
        };
        let earlier = "2024-05-15T06:00:00Z";
        let later = "2024-05-15T20:00:00Z";
        let none = |_: i64, _: &str| Ok::<_, ()>(None);
        let candidates = [
            candidate(1, &same_language, earlier, None),
            candidate(2, &loose, earlier, None),
            candidate(3, &close, earlier, None),
        ];
        let chosen = choose(&model, &new, later, &candidates, none)
            .expect("no read fails")
            .expect("a link");
        assert_eq!((chosen.other, chosen.story), (3, 30));
        assert!(chosen.other_is_original);
        assert_eq!(chosen.copy_and_original(9), (9, 3));
        // The original has a likelier translation into Russian already.
        let rival = |_: i64, _: &str| Ok::<_, ()>(Some(0.999));
        assert_eq!(
            choose(&model, &new, later, &candidates[2..], rival),
            Ok(None)
        );
        // A later copy already linked to a weaker original moves to the
        // new, earlier one; one linked more surely stays.
        let weak = [candidate(3, &close, later, Some(0.6))];
        let moved = choose(&model, &new, earlier, &weak, none).expect("no read fails");
        assert_eq!(
            moved.map(|c| (c.other, c.other_is_original)),
            Some((3, false))
        );
        let sure = [candidate(3, &close, later, Some(0.9999))];
        assert_eq!(choose(&model, &new, earlier, &sure, none), Ok(None));
    }

    #[test]
    fn the_original_is_the_named_source_language_else_the_earlier() {
        let early = Some("2020-07-25T10:00:00Z");
        let late = Some("2020-07-25T20:00:00Z");
        assert!(a_is_original("en", early, "ru", None, None, late));
        assert!(!a_is_original("en", late, "ru", None, None, early));
        assert!(a_is_original("en", late, "ru", Some("en"), None, early));
        assert!(!a_is_original("ru", early, "en", None, Some("en"), late));
    }
}
