//! Translated copies across languages, found without machine translation.
//!
//! A translation of a report keeps what words cannot change: the names it
//! mentions (in another script, declined, but the same consonants once
//! transliterated, see [`crate::signals::skeleton`]), its figures, its
//! quotes and its paragraph structure, sentence for sentence. A second report
//! of the same event shares some names and a figure or two, but not the same
//! ones paragraph by paragraph. So each article gets a [`CopyPrint`] (built
//! once, in parallel, when the page is prepared), and a pair of prints in two
//! languages is compared by [`features`] — overlap of names and numbers over
//! the whole text, in the title and paragraph by paragraph, and the ratios of
//! length, paragraphs and quotes — which a small logistic model
//! ([`TranslationModel`], weights in `data/translation-model.json`, learned
//! from labelled pairs by `scripts/train-translation-model.py`) turns into
//! the probability that one is a translation of the other.
//!
//! Which one is the original: the one whose language the other page names as
//! its source (`source_language`), else the earlier one.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use newsdesk_analyze::Analysis;
use newsdesk_extract::Article;
use serde::{Deserialize, Serialize};

use crate::signals::{entity_key, numbers, skeleton, transliterate};

/// The model's weights, learned by `scripts/train-translation-model.py`.
const MODEL_JSON: &str = include_str!("../data/translation-model.json");

/// At most this many paragraphs are kept per print (the rest add little).
const MAX_PARAGRAPHS: usize = 60;

/// What a translation of an article would keep: its language, size, and
/// the names and numbers of its title and of each paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CopyPrint {
    pub language: String,
    /// The language the page says it was translated from, if it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_language: Option<String>,
    /// Characters of text.
    pub chars: u32,
    /// Paragraphs of text (all of them; `paragraphs` keeps the first ones).
    pub paragraph_count: u32,
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
        let entity_names: BTreeSet<String> = analysis
            .entities
            .iter()
            .flat_map(|e| {
                std::iter::once(&e.name)
                    .chain(e.aliases.iter())
                    .filter_map(move |n| entity_key(n, e.kind))
            })
            .collect();
        let mut paragraphs = Vec::new();
        let mut count = 0u32;
        for para in article.text.split('\n').map(str::trim) {
            if para.is_empty() {
                continue;
            }
            count += 1;
            if paragraphs.len() < MAX_PARAGRAPHS {
                paragraphs.push(marks(para, &entity_names));
            }
        }
        Some(CopyPrint {
            language,
            source_language: article.source_language.clone(),
            chars: article.text.chars().count().min(u32::MAX as usize) as u32,
            paragraph_count: count,
            quotes: analysis.quotes.len().min(u32::MAX as usize) as u32,
            title: marks(article.title.as_deref().unwrap_or(""), &entity_names),
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

/// The names and numbers of a stretch of text, sorted and unique: words
/// written with a capital inside a sentence (and the skeletons of entities
/// the analyser found there), as consonant skeletons; numbers as `#digits`.
fn marks(text: &str, entity_names: &BTreeSet<String>) -> Vec<String> {
    let mut out = BTreeSet::new();
    for n in numbers(text) {
        out.insert(format!("#{n}"));
    }
    let mut sentence_start = true;
    for raw in text.split(char::is_whitespace) {
        let word: String = raw
            .trim_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .collect();
        let capital = word.chars().next().is_some_and(char::is_uppercase);
        if capital && !sentence_start && word.chars().count() >= 2 {
            let key = skeleton(&transliterate(&crate::signals::strip_ending(&word)));
            if key.len() >= 2 {
                out.insert(key);
            }
        }
        if !word.is_empty() {
            sentence_start = raw.ends_with(['.', '!', '?', ':', '»', '"']);
        }
    }
    // An entity key is a skeleton too: keep those named here.
    let here: Vec<String> = out.iter().cloned().collect();
    for key in here {
        if entity_names.contains(&key) {
            out.insert(format!("={key}"));
        }
    }
    out.into_iter().collect()
}

/// The names of the features, in the order [`features`] gives them and the
/// model's weights follow.
pub const FEATURES: [&str; 9] = [
    "marks_dice",
    "numbers_dice",
    "title_dice",
    "aligned_paragraphs",
    "paragraph_ratio",
    "length_ratio",
    "quote_ratio",
    "hours_apart",
    "shared_numbers",
];

/// How alike two prints are, feature by feature (see [`FEATURES`]); the
/// same whichever comes first.
pub fn features(a: &CopyPrint, b: &CopyPrint, hours_apart: f64) -> [f64; 9] {
    let (ma, mb) = (a.all_marks(), b.all_marks());
    let is_number = |m: &&str| m.starts_with('#');
    let na: BTreeSet<&str> = ma.iter().copied().filter(is_number).collect();
    let nb: BTreeSet<&str> = mb.iter().copied().filter(is_number).collect();
    let shared_numbers = na.intersection(&nb).count() as f64;
    [
        dice(&ma, &mb),
        dice(&na, &nb),
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

fn ratio(a: f64, b: f64) -> f64 {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    if hi <= 0.0 {
        0.0
    } else {
        lo / hi
    }
}

/// A logistic model over [`features`].
#[derive(Debug, Clone, Deserialize)]
pub struct TranslationModel {
    pub features: Vec<String>,
    pub weights: Vec<f64>,
    pub bias: f64,
    /// The probability from which a pair counts as a translation.
    pub threshold: f64,
}

impl TranslationModel {
    /// The model shipped with newsdesk; `None` if its file does not match
    /// this build's features (then nothing is marked as a translation).
    pub fn shipped() -> Option<&'static TranslationModel> {
        static MODEL: OnceLock<Option<TranslationModel>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                let model: TranslationModel = serde_json::from_str(MODEL_JSON).ok()?;
                let fits = model.features.len() == FEATURES.len()
                    && model.weights.len() == FEATURES.len()
                    && model.features.iter().zip(FEATURES).all(|(a, b)| a == b);
                fits.then_some(model)
            })
            .as_ref()
    }

    /// The probability that two articles with these features are one text in two languages.
    pub fn probability(&self, features: &[f64]) -> f64 {
        let z: f64 = self.bias
            + self
                .weights
                .iter()
                .zip(features)
                .map(|(w, x)| w * x)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn print(language: &str, title: &str, paragraphs: &[&str]) -> CopyPrint {
        let none = BTreeSet::new();
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
        let none = BTreeSet::new();
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
        assert!(same[3] > different[3], "{same:?} vs {different:?}");
        assert!(same[0] > different[0], "{same:?} vs {different:?}");
        assert_eq!(features(&en, &ru, 5.0), features(&ru, &en, -5.0));
    }

    #[test]
    fn the_shipped_model_reads_and_ranks_a_close_pair_above_a_loose_one() {
        let model = TranslationModel::shipped().expect("the shipped model fits the features");
        let close = [0.7, 0.9, 0.6, 0.7, 1.0, 0.9, 1.0, 2.0, 2.0];
        let loose = [0.1, 0.0, 0.0, 0.05, 0.4, 0.3, 0.5, 3.0, 0.0];
        assert!(model.probability(&close) > model.probability(&loose));
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
