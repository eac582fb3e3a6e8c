//! The words extraction knows in each language, as data: one file per
//! language under `data/` (`en.lex`, `ru.lex`, …), compiled into the binary
//! and parsed once ([`LEXICON`]).
//!
//! The format is `newsdesk-analyze`'s: `# comments`, `[section]` headers,
//! one entry a line. Every file has every section of [`SECTIONS`] (empty
//! ones included, so a missing one is visibly a gap, not an oversight), and
//! a section the code does not know is an error: a misspelt header would
//! otherwise drop its words silently. The tests check both for every file.
//!
//! Sections and what reads them:
//!
//! - `months`: `forms…<TAB>number`, the month's names in that language
//!   (the first form of each line is the one dates are written with,
//!   then other cases, abbreviations and spelling variants). One table for
//!   every reader: [`crate::metadata`]'s dates, the scraped-text date lines,
//!   the HTML body's dateline test.
//! - `dateline_leads`: how a byline or dateline line opens, lower case
//!   (the HTML body drops such lines above the story).
//! - `credit_labels`: phrases that make a short dated line a credit
//!   wherever they stand in it, lower case.
//! - `byline_leads`: how a one-line byline opens, case as written ("By"
//!   in running text is prose).
//! - `byline_labels`: labels standing alone before an author's name, lower case.
//! - `explicit_leads`: openings of an explicit credit ("Written by").
//! - `author_words`: word stems that speak of the author, lower case.
//! - `home_words`: the first step of a breadcrumb, lower case.
//! - `language_names`: `prefix<TAB>code`, prefixes of language names as
//!   this language writes them ("russ", «англ»); the longest match names
//!   the language a translation note speaks of.
//! - Patterns: regular-expression alternatives (case-insensitive), one a
//!   line, joined into one alternation over all languages by the rule that
//!   reads them. [`crate::boilerplate`]: `promo_openings`, `promo_whole`
//!   (promo lines), `tag_labels`, `typo_questions`, `typo_conditionals`,
//!   `typo_requests` (typo notices), `related_strong`, `related_weak`
//!   ("Read also"), `next_phrases`, `previous_phrases`, `rights_reserved`,
//!   `photo_credits`, `credit_joins` (legal lines, image credits),
//!   `comment_words`, `moderation_words`, `comment_stems` (comment house
//!   rules), `cookie_subjects`, `cookie_verbs`, `cookie_words`,
//!   `cookie_stems` (cookie banners); the `*_stems` are literal pre-checks.
//!   [`crate::text`]: `date_labels` (what precedes a date line's date).
//! - `translation_notes`: whole regular expressions, tried in order, each
//!   with a `lang` group (the language a note says the original is in).
//! - More of [`crate::boilerplate`]'s patterns: `ctrl_keys` (typo notices),
//!   `copyright_words`, `reprint_notices`, `photo_agencies`, `agency_joins`,
//!   `archive_credits`, `wire_credits` (legal lines and credits),
//!   `promo_courtesies` ("Please" before a promo opening), `contact_notices`
//!   with `contact_stems`, `cookie_buttons`; and plain words:
//!   `social_networks` (share bars), `next_words`, `previous_words` (a
//!   teaser's lone "Next", also in capitals).
//! - Authors ([`crate::metadata`]): `author_leads` (stripped from an author
//!   field, first match wins, so longer forms first), `author_roles` (the
//!   same), `author_noise` (pattern: what follows cuts the field),
//!   `name_joins` (pattern: between two names), `name_cuts`, `not_names`,
//!   `job_words`, `desk_words`, `name_particles`, `institution_words`,
//!   `org_words`, `other_credits`, `honorifics`, `name_credentials` (case as
//!   written), and a credit sentence's `credit_determiners`, `credit_nouns`,
//!   `credit_verbs`, `credit_agents` (patterns); `update_words` (an update's
//!   date).
//! - The site's owner and the author's page ([`crate::metadata`]):
//!   `portrait_words` (an author photo's alt text), `owner_endings`,
//!   `feed_endings` (first match cut), `business_words`, `author_dirs`
//!   (URL path segments).
//! - [`crate::language`]: `function_words` (several a line; confirm a
//!   declared language), `own_letters` and `foreign_letters` (Russian's
//!   tiebreak against its Cyrillic neighbours; case as written).
//! - [`crate::text`]'s date lines: `year_abbreviations`, `year_words` (after
//!   the year, case as written), `time_leads`, `time_zones` (patterns).
//!
//! No Cyrillic word stands in this crate's code outside comments and tests:
//! a test reads the source tree to keep it so.
//!
//! Where order matters (the translation notes; which alternative of a
//! capturing pattern is tried first) it is the order of [`LANGUAGE_FILES`],
//! then of the file.
//!
//! In the lead sections an entry that ends in a letter is a whole word: a
//! space must follow it (`by` opens "by Jane", not "bypass"); an entry
//! ending in `*` is a stem (`updated*` opens "updated:" and "updated on");
//! one ending in punctuation (`Author:`) is taken as written.
//!
//! Adding a language is adding its file to [`LANGUAGE_FILES`].

use std::collections::HashMap;
use std::sync::LazyLock;

/// The lexicon files, by language code, in the order their words are merged.
pub const LANGUAGE_FILES: &[(&str, &str)] = &[
    ("en", include_str!("../data/en.lex")),
    ("ru", include_str!("../data/ru.lex")),
    ("uk", include_str!("../data/uk.lex")),
    ("de", include_str!("../data/de.lex")),
    ("fr", include_str!("../data/fr.lex")),
    ("es", include_str!("../data/es.lex")),
    ("it", include_str!("../data/it.lex")),
    ("pt", include_str!("../data/pt.lex")),
    ("pl", include_str!("../data/pl.lex")),
    ("tr", include_str!("../data/tr.lex")),
    ("nl", include_str!("../data/nl.lex")),
    ("id", include_str!("../data/id.lex")),
    ("sv", include_str!("../data/sv.lex")),
    ("da", include_str!("../data/da.lex")),
    ("fi", include_str!("../data/fi.lex")),
    ("be", include_str!("../data/be.lex")),
    ("zh", include_str!("../data/zh.lex")),
    ("ja", include_str!("../data/ja.lex")),
];

/// Every section a language file has.
pub const SECTIONS: &[&str] = &[
    "months",
    "dateline_leads",
    "credit_labels",
    "byline_leads",
    "byline_labels",
    "explicit_leads",
    "author_words",
    "promo_openings",
    "promo_whole",
    "tag_labels",
    "typo_questions",
    "typo_conditionals",
    "typo_requests",
    "related_strong",
    "related_weak",
    "next_phrases",
    "previous_phrases",
    "translation_notes",
    "date_labels",
    "home_words",
    "rights_reserved",
    "photo_credits",
    "credit_joins",
    "comment_words",
    "moderation_words",
    "comment_stems",
    "cookie_subjects",
    "cookie_verbs",
    "cookie_words",
    "cookie_stems",
    "language_names",
    "ctrl_keys",
    "next_words",
    "previous_words",
    "copyright_words",
    "reprint_notices",
    "photo_agencies",
    "agency_joins",
    "archive_credits",
    "wire_credits",
    "promo_courtesies",
    "social_networks",
    "contact_notices",
    "contact_stems",
    "cookie_buttons",
    "author_noise",
    "author_leads",
    "name_joins",
    "author_roles",
    "name_credentials",
    "name_cuts",
    "not_names",
    "job_words",
    "desk_words",
    "name_particles",
    "institution_words",
    "org_words",
    "other_credits",
    "honorifics",
    "credit_determiners",
    "credit_nouns",
    "credit_verbs",
    "credit_agents",
    "update_words",
    "function_words",
    "own_letters",
    "foreign_letters",
    "year_abbreviations",
    "year_words",
    "time_leads",
    "time_zones",
    "portrait_words",
    "owner_endings",
    "feed_endings",
    "business_words",
    "author_dirs",
];

/// The sections whose entries are regular-expression alternatives (the
/// tests compile each).
#[cfg(test)]
const PATTERN_SECTIONS: &[&str] = &[
    "promo_openings",
    "promo_whole",
    "tag_labels",
    "typo_questions",
    "typo_conditionals",
    "typo_requests",
    "related_strong",
    "related_weak",
    "next_phrases",
    "previous_phrases",
    "translation_notes",
    "date_labels",
    "rights_reserved",
    "photo_credits",
    "credit_joins",
    "comment_words",
    "moderation_words",
    "comment_stems",
    "cookie_subjects",
    "cookie_verbs",
    "cookie_words",
    "cookie_stems",
    "ctrl_keys",
    "copyright_words",
    "reprint_notices",
    "photo_agencies",
    "agency_joins",
    "archive_credits",
    "wire_credits",
    "promo_courtesies",
    "contact_notices",
    "contact_stems",
    "cookie_buttons",
    "author_noise",
    "name_joins",
    "credit_determiners",
    "credit_nouns",
    "credit_verbs",
    "credit_agents",
    "year_abbreviations",
    "year_words",
    "time_leads",
    "time_zones",
];

/// Why a lexicon file could not be read.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum LexiconError {
    #[error("line {line}: unknown section [{name}]")]
    UnknownSection { line: usize, name: String },
    #[error("line {line}: an entry before any [section]")]
    NoSection { line: usize },
    #[error("section [{0}] is missing")]
    MissingSection(&'static str),
    #[error("line {line}: a month is `forms<TAB>1..12`")]
    BadMonth { line: usize },
    #[error("line {line}: a language name is `prefix<TAB>code`")]
    BadLanguageName { line: usize },
}

/// One language's words.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Language {
    /// Each month line: its forms (the date form first) and its number.
    pub months: Vec<(Vec<String>, u32)>,
    pub dateline_leads: Vec<String>,
    pub credit_labels: Vec<String>,
    pub byline_leads: Vec<String>,
    pub byline_labels: Vec<String>,
    pub explicit_leads: Vec<String>,
    pub author_words: Vec<String>,
    pub promo_openings: Vec<String>,
    pub promo_whole: Vec<String>,
    pub tag_labels: Vec<String>,
    pub typo_questions: Vec<String>,
    pub typo_conditionals: Vec<String>,
    pub typo_requests: Vec<String>,
    pub related_strong: Vec<String>,
    pub related_weak: Vec<String>,
    pub next_phrases: Vec<String>,
    pub previous_phrases: Vec<String>,
    pub translation_notes: Vec<String>,
    pub date_labels: Vec<String>,
    pub home_words: Vec<String>,
    pub rights_reserved: Vec<String>,
    pub photo_credits: Vec<String>,
    pub credit_joins: Vec<String>,
    pub comment_words: Vec<String>,
    pub moderation_words: Vec<String>,
    pub comment_stems: Vec<String>,
    pub cookie_subjects: Vec<String>,
    pub cookie_verbs: Vec<String>,
    pub cookie_words: Vec<String>,
    pub cookie_stems: Vec<String>,
    /// Prefixes of language names and the ISO 639-1 code each names.
    pub language_names: Vec<(String, String)>,
    pub ctrl_keys: Vec<String>,
    pub next_words: Vec<String>,
    pub previous_words: Vec<String>,
    pub copyright_words: Vec<String>,
    pub reprint_notices: Vec<String>,
    pub photo_agencies: Vec<String>,
    pub agency_joins: Vec<String>,
    pub archive_credits: Vec<String>,
    pub wire_credits: Vec<String>,
    pub promo_courtesies: Vec<String>,
    pub social_networks: Vec<String>,
    pub contact_notices: Vec<String>,
    pub contact_stems: Vec<String>,
    pub cookie_buttons: Vec<String>,
    pub author_noise: Vec<String>,
    pub author_leads: Vec<String>,
    pub name_joins: Vec<String>,
    pub author_roles: Vec<String>,
    pub name_credentials: Vec<String>,
    pub name_cuts: Vec<String>,
    pub not_names: Vec<String>,
    pub job_words: Vec<String>,
    pub desk_words: Vec<String>,
    pub name_particles: Vec<String>,
    pub institution_words: Vec<String>,
    pub org_words: Vec<String>,
    pub other_credits: Vec<String>,
    pub honorifics: Vec<String>,
    pub credit_determiners: Vec<String>,
    pub credit_nouns: Vec<String>,
    pub credit_verbs: Vec<String>,
    pub credit_agents: Vec<String>,
    pub update_words: Vec<String>,
    pub function_words: Vec<String>,
    pub own_letters: Vec<String>,
    pub foreign_letters: Vec<String>,
    pub year_abbreviations: Vec<String>,
    pub year_words: Vec<String>,
    pub time_leads: Vec<String>,
    pub time_zones: Vec<String>,
    pub portrait_words: Vec<String>,
    pub owner_endings: Vec<String>,
    pub feed_endings: Vec<String>,
    pub business_words: Vec<String>,
    pub author_dirs: Vec<String>,
}

impl Language {
    /// Parses one file.
    pub fn parse(source: &str) -> Result<Language, LexiconError> {
        let mut language = Language::default();
        let mut seen = [false; SECTIONS.len()];
        let mut section: Option<usize> = None;
        for (index, raw) in source.lines().enumerate() {
            let line_no = index + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let known = SECTIONS.iter().position(|s| *s == name).ok_or_else(|| {
                    LexiconError::UnknownSection {
                        line: line_no,
                        name: name.to_string(),
                    }
                })?;
                seen[known] = true;
                section = Some(known);
                continue;
            }
            let Some(known) = section else {
                return Err(LexiconError::NoSection { line: line_no });
            };
            language.add(SECTIONS[known], line, line_no)?;
        }
        match seen.iter().position(|s| !s) {
            Some(missing) => Err(LexiconError::MissingSection(SECTIONS[missing])),
            None => Ok(language),
        }
    }

    fn add(&mut self, section: &str, line: &str, line_no: usize) -> Result<(), LexiconError> {
        let entry = line.to_string();
        match section {
            "months" => {
                let (forms, number) = line
                    .rsplit_once('\t')
                    .ok_or(LexiconError::BadMonth { line: line_no })?;
                let number: u32 = number
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=12).contains(n))
                    .ok_or(LexiconError::BadMonth { line: line_no })?;
                let forms: Vec<String> = forms.split_whitespace().map(str::to_string).collect();
                if forms.is_empty() {
                    return Err(LexiconError::BadMonth { line: line_no });
                }
                self.months.push((forms, number));
            }
            "dateline_leads" => self.dateline_leads.push(entry),
            "credit_labels" => self.credit_labels.push(entry),
            "byline_leads" => self.byline_leads.push(entry),
            "byline_labels" => self.byline_labels.push(entry),
            "explicit_leads" => self.explicit_leads.push(entry),
            "author_words" => self.author_words.push(entry),
            "promo_openings" => self.promo_openings.push(entry),
            "promo_whole" => self.promo_whole.push(entry),
            "tag_labels" => self.tag_labels.push(entry),
            "typo_questions" => self.typo_questions.push(entry),
            "typo_conditionals" => self.typo_conditionals.push(entry),
            "typo_requests" => self.typo_requests.push(entry),
            "related_strong" => self.related_strong.push(entry),
            "related_weak" => self.related_weak.push(entry),
            "next_phrases" => self.next_phrases.push(entry),
            "previous_phrases" => self.previous_phrases.push(entry),
            "translation_notes" => self.translation_notes.push(entry),
            "date_labels" => self.date_labels.push(entry),
            "home_words" => self.home_words.push(entry),
            "rights_reserved" => self.rights_reserved.push(entry),
            "photo_credits" => self.photo_credits.push(entry),
            "credit_joins" => self.credit_joins.push(entry),
            "comment_words" => self.comment_words.push(entry),
            "moderation_words" => self.moderation_words.push(entry),
            "comment_stems" => self.comment_stems.push(entry),
            "cookie_subjects" => self.cookie_subjects.push(entry),
            "cookie_verbs" => self.cookie_verbs.push(entry),
            "cookie_words" => self.cookie_words.push(entry),
            "cookie_stems" => self.cookie_stems.push(entry),
            "ctrl_keys" => self.ctrl_keys.push(entry),
            "next_words" => self.next_words.push(entry),
            "previous_words" => self.previous_words.push(entry),
            "copyright_words" => self.copyright_words.push(entry),
            "reprint_notices" => self.reprint_notices.push(entry),
            "photo_agencies" => self.photo_agencies.push(entry),
            "agency_joins" => self.agency_joins.push(entry),
            "archive_credits" => self.archive_credits.push(entry),
            "wire_credits" => self.wire_credits.push(entry),
            "promo_courtesies" => self.promo_courtesies.push(entry),
            "social_networks" => self.social_networks.push(entry),
            "contact_notices" => self.contact_notices.push(entry),
            "contact_stems" => self.contact_stems.push(entry),
            "cookie_buttons" => self.cookie_buttons.push(entry),
            "author_noise" => self.author_noise.push(entry),
            "author_leads" => self.author_leads.push(entry),
            "name_joins" => self.name_joins.push(entry),
            "author_roles" => self.author_roles.push(entry),
            "name_credentials" => self.name_credentials.push(entry),
            "name_cuts" => self.name_cuts.push(entry),
            "not_names" => self.not_names.push(entry),
            "job_words" => self.job_words.push(entry),
            "desk_words" => self.desk_words.push(entry),
            "name_particles" => self.name_particles.push(entry),
            "institution_words" => self.institution_words.push(entry),
            "org_words" => self.org_words.push(entry),
            "other_credits" => self.other_credits.push(entry),
            "honorifics" => self.honorifics.push(entry),
            "credit_determiners" => self.credit_determiners.push(entry),
            "credit_nouns" => self.credit_nouns.push(entry),
            "credit_verbs" => self.credit_verbs.push(entry),
            "credit_agents" => self.credit_agents.push(entry),
            "update_words" => self.update_words.push(entry),
            "function_words" => self.function_words.push(entry),
            "own_letters" => self.own_letters.push(entry),
            "foreign_letters" => self.foreign_letters.push(entry),
            "year_abbreviations" => self.year_abbreviations.push(entry),
            "year_words" => self.year_words.push(entry),
            "time_leads" => self.time_leads.push(entry),
            "time_zones" => self.time_zones.push(entry),
            "portrait_words" => self.portrait_words.push(entry),
            "owner_endings" => self.owner_endings.push(entry),
            "feed_endings" => self.feed_endings.push(entry),
            "business_words" => self.business_words.push(entry),
            "author_dirs" => self.author_dirs.push(entry),
            "language_names" => {
                let bad = LexiconError::BadLanguageName { line: line_no };
                let (prefix, code) = line.split_once('\t').ok_or(bad.clone())?;
                let (prefix, code) = (prefix.trim(), code.trim());
                if prefix.is_empty()
                    || code.len() != 2
                    || !code.bytes().all(|b| b.is_ascii_lowercase())
                {
                    return Err(bad);
                }
                self.language_names
                    .push((prefix.to_string(), code.to_string()));
            }
            // `parse` only passes names from `SECTIONS`, each handled above.
            _ => {}
        }
        Ok(())
    }

    /// One section's entries by name (`None` for `months` and unknown names).
    #[cfg(test)]
    fn section(&self, name: &str) -> Option<&[String]> {
        Some(match name {
            "dateline_leads" => &self.dateline_leads,
            "credit_labels" => &self.credit_labels,
            "byline_leads" => &self.byline_leads,
            "byline_labels" => &self.byline_labels,
            "explicit_leads" => &self.explicit_leads,
            "author_words" => &self.author_words,
            "promo_openings" => &self.promo_openings,
            "promo_whole" => &self.promo_whole,
            "tag_labels" => &self.tag_labels,
            "typo_questions" => &self.typo_questions,
            "typo_conditionals" => &self.typo_conditionals,
            "typo_requests" => &self.typo_requests,
            "related_strong" => &self.related_strong,
            "related_weak" => &self.related_weak,
            "next_phrases" => &self.next_phrases,
            "previous_phrases" => &self.previous_phrases,
            "translation_notes" => &self.translation_notes,
            "date_labels" => &self.date_labels,
            "home_words" => &self.home_words,
            "rights_reserved" => &self.rights_reserved,
            "photo_credits" => &self.photo_credits,
            "credit_joins" => &self.credit_joins,
            "comment_words" => &self.comment_words,
            "moderation_words" => &self.moderation_words,
            "comment_stems" => &self.comment_stems,
            "cookie_subjects" => &self.cookie_subjects,
            "cookie_verbs" => &self.cookie_verbs,
            "cookie_words" => &self.cookie_words,
            "cookie_stems" => &self.cookie_stems,
            "ctrl_keys" => &self.ctrl_keys,
            "next_words" => &self.next_words,
            "previous_words" => &self.previous_words,
            "copyright_words" => &self.copyright_words,
            "reprint_notices" => &self.reprint_notices,
            "photo_agencies" => &self.photo_agencies,
            "agency_joins" => &self.agency_joins,
            "archive_credits" => &self.archive_credits,
            "wire_credits" => &self.wire_credits,
            "promo_courtesies" => &self.promo_courtesies,
            "social_networks" => &self.social_networks,
            "contact_notices" => &self.contact_notices,
            "contact_stems" => &self.contact_stems,
            "cookie_buttons" => &self.cookie_buttons,
            "author_noise" => &self.author_noise,
            "author_leads" => &self.author_leads,
            "name_joins" => &self.name_joins,
            "author_roles" => &self.author_roles,
            "name_credentials" => &self.name_credentials,
            "name_cuts" => &self.name_cuts,
            "not_names" => &self.not_names,
            "job_words" => &self.job_words,
            "desk_words" => &self.desk_words,
            "name_particles" => &self.name_particles,
            "institution_words" => &self.institution_words,
            "org_words" => &self.org_words,
            "other_credits" => &self.other_credits,
            "honorifics" => &self.honorifics,
            "credit_determiners" => &self.credit_determiners,
            "credit_nouns" => &self.credit_nouns,
            "credit_verbs" => &self.credit_verbs,
            "credit_agents" => &self.credit_agents,
            "update_words" => &self.update_words,
            "function_words" => &self.function_words,
            "own_letters" => &self.own_letters,
            "foreign_letters" => &self.foreign_letters,
            "year_abbreviations" => &self.year_abbreviations,
            "year_words" => &self.year_words,
            "time_leads" => &self.time_leads,
            "time_zones" => &self.time_zones,
            "portrait_words" => &self.portrait_words,
            "owner_endings" => &self.owner_endings,
            "feed_endings" => &self.feed_endings,
            "business_words" => &self.business_words,
            "author_dirs" => &self.author_dirs,
            _ => return None,
        })
    }

    /// The month forms with their numbers.
    pub fn month_forms(&self) -> impl Iterator<Item = (&str, u32)> {
        self.months
            .iter()
            .flat_map(|(forms, n)| forms.iter().map(move |f| (f.as_str(), *n)))
    }

    /// The form each month is written with in dates, by month number
    /// (the first form of its first line).
    pub fn date_forms(&self) -> Vec<(&str, u32)> {
        let mut out: Vec<(&str, u32)> = Vec::new();
        for (forms, n) in &self.months {
            if !out.iter().any(|(_, m)| m == n) {
                if let Some(first) = forms.first() {
                    out.push((first.as_str(), *n));
                }
            }
        }
        out
    }
}

/// All languages, parsed, and the tables built from them.
#[derive(Debug)]
pub struct Lexicon {
    pub languages: Vec<(&'static str, Language)>,
    /// Every month form of every language (lower case) → its number.
    pub month_numbers: HashMap<String, u32>,
}

impl Lexicon {
    fn build(files: &[(&'static str, &str)]) -> Result<Lexicon, (&'static str, LexiconError)> {
        let mut languages = Vec::with_capacity(files.len());
        for (code, source) in files {
            let language = Language::parse(source).map_err(|e| (*code, e))?;
            languages.push((*code, language));
        }
        let mut month_numbers = HashMap::new();
        for (_, language) in &languages {
            for (form, n) in language.month_forms() {
                month_numbers.entry(form.to_string()).or_insert(n);
            }
        }
        Ok(Lexicon {
            languages,
            month_numbers,
        })
    }

    /// One language's words, if there is a file for it.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, l)| l)
    }

    /// One section's entries over all languages, in file order.
    pub fn all<'a>(
        &'a self,
        section: impl Fn(&'a Language) -> &'a [String] + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.languages
            .iter()
            .flat_map(move |(_, l)| section(l).iter().map(String::as_str))
    }
}

impl Lexicon {
    /// A pattern section of every language as one regular-expression
    /// alternation (`a|b|c`), to be wrapped in a group by the caller.
    pub fn alternation<'a>(
        &'a self,
        section: impl Fn(&'a Language) -> &'a [String] + 'a,
    ) -> String {
        self.all(section).collect::<Vec<_>>().join("|")
    }
}

/// What a lead entry of the data file matches at the start of a text: a
/// whole word gets its following space, a stem (`*`) loses its star.
pub fn lead_prefix(entry: &str) -> String {
    if let Some(stem) = entry.strip_suffix('*') {
        stem.to_string()
    } else if entry.ends_with(char::is_alphabetic) {
        format!("{entry} ")
    } else {
        entry.to_string()
    }
}

/// The lexicon, parsed on first use. The files are compiled in and the
/// tests parse every one, so a failure here is a build defect.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::build(LANGUAGE_FILES)
        .unwrap_or_else(|(code, e)| panic!("data/{code}.lex is invalid (see tests): {e}"))
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_file_parses_with_every_section() {
        for (code, source) in LANGUAGE_FILES {
            if let Err(e) = Language::parse(source) {
                panic!("data/{code}.lex: {e}");
            }
            for section in SECTIONS {
                assert!(
                    source.lines().any(|l| l.trim() == format!("[{section}]")),
                    "data/{code}.lex has no [{section}]"
                );
            }
        }
        assert_eq!(LEXICON.languages.len(), LANGUAGE_FILES.len());
    }

    #[test]
    fn every_language_with_months_names_twelve() {
        for (code, language) in &LEXICON.languages {
            if language.months.is_empty() {
                continue;
            }
            let mut numbers: Vec<u32> = language.date_forms().iter().map(|(_, n)| *n).collect();
            numbers.sort_unstable();
            assert_eq!(numbers, (1..=12).collect::<Vec<_>>(), "data/{code}.lex");
        }
    }

    #[test]
    fn every_pattern_entry_compiles_on_its_own() {
        for (code, language) in &LEXICON.languages {
            for section in PATTERN_SECTIONS {
                for entry in language.section(section).unwrap_or_default() {
                    assert!(
                        regex::Regex::new(&format!("(?i)^(?:{entry})$")).is_ok(),
                        "data/{code}.lex [{section}]: {entry}"
                    );
                }
            }
        }
        for section in PATTERN_SECTIONS {
            assert!(
                LEXICON
                    .languages
                    .iter()
                    .any(|(_, l)| l.section(section).is_some_and(|s| !s.is_empty())),
                "no language fills [{section}]"
            );
        }
    }

    #[test]
    fn no_language_name_prefix_names_two_languages() {
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for (code, language) in &LEXICON.languages {
            for (prefix, lang) in &language.language_names {
                assert_eq!(prefix, &prefix.to_lowercase(), "data/{code}.lex: {prefix}");
                if let Some(other) = seen.insert(prefix, lang) {
                    assert_eq!(other, lang, "{prefix} in data/{code}.lex");
                }
            }
        }
        let all: String = SECTIONS.iter().map(|s| format!("[{s}]\n")).collect();
        assert_eq!(
            Language::parse(&format!("{all}[language_names]\nengl en\n")),
            Err(LexiconError::BadLanguageName {
                line: SECTIONS.len() + 2
            })
        );
    }

    #[test]
    fn no_month_form_names_two_months() {
        let mut seen: HashMap<&str, (u32, &str)> = HashMap::new();
        for (code, language) in &LEXICON.languages {
            for (form, n) in language.month_forms() {
                assert_eq!(form, form.to_lowercase(), "data/{code}.lex: {form}");
                if let Some((m, other)) = seen.insert(form, (n, code)) {
                    assert_eq!(m, n, "{form}: month {m} in {other}, {n} in {code}");
                }
            }
        }
    }

    #[test]
    fn an_unknown_section_is_an_error() {
        let mut source: String = SECTIONS.iter().map(|s| format!("[{s}]\n")).collect();
        assert!(Language::parse(&source).is_ok());
        source.push_str("[month]\njanuary\t1\n");
        assert_eq!(
            Language::parse(&source),
            Err(LexiconError::UnknownSection {
                line: SECTIONS.len() + 1,
                name: "month".into()
            })
        );
    }

    #[test]
    fn a_missing_section_or_a_bad_month_is_an_error() {
        assert_eq!(
            Language::parse("[months]\njanuary\t1\n"),
            Err(LexiconError::MissingSection("dateline_leads"))
        );
        let all: String = SECTIONS.iter().map(|s| format!("[{s}]\n")).collect();
        for bad in ["january\t13", "january", "\t1"] {
            let source = format!("{all}[months]\n{bad}\n");
            assert!(
                matches!(Language::parse(&source), Err(LexiconError::BadMonth { .. })),
                "{bad:?}"
            );
        }
        assert_eq!(
            Language::parse("by\n"),
            Err(LexiconError::NoSection { line: 1 })
        );
    }

    #[test]
    fn no_cyrillic_words_in_code() {
        use newsdesk_testkit::code_words;
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let files = code_words::rust_files(&src).expect("src/ is readable");
        assert!(files.len() > 10, "{}", src.display());
        let found = code_words::report(&files, code_words::is_cyrillic);
        assert!(
            found.is_empty(),
            "language words belong in data/<lang>.lex:\n{}",
            found.join("\n")
        );
    }

    #[test]
    fn leads_are_words_stems_or_as_written() {
        assert_eq!(lead_prefix("by"), "by ");
        assert_eq!(lead_prefix("updated*"), "updated");
        assert_eq!(lead_prefix("Author:"), "Author:");
        assert_eq!(lead_prefix("mis à jour*"), "mis à jour");
    }
}
