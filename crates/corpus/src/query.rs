//! The search query language, parsed into a small tree that any search
//! backend can translate (the embedded tantivy index today; PostgreSQL full
//! text in cluster mode).
//!
//! ```text
//! ceasefire talks                 both words (AND is implied)
//! "peace talks" OR ceasefire      a phrase, or a word
//! kremlin -peskov / NOT peskov    without a word
//! (oil OR gas) AND price          grouping
//! title:summit  entity:"Vladimir Putin"  quote:"no plans"  source:reuters.com
//! tag:economy  lang:ru  author:smith   body:sanctions
//! strik*                          words starting with "strik" (2 letters at least)
//! "port strike"~3                 the words at most 3 positions further apart
//! Roterdam~1                      words within 1 edit (0 to 2; `~` alone is 2)
//! ```
//! In a phrase, `\"` stands for a quote and `\\` for a backslash
//! ([`quote_phrase`] writes one).
//! Words are matched after each language's analysis (stemming), so `talks`
//! finds "talk"; field names are case-insensitive. A word followed by a
//! colon and a space is a plain word (a user typing "note: this" means no
//! field), but an unknown name written as a field (`foo:bar`) is an error
//! that lists the fields, rather than a search that silently finds nothing.
//! Input is bounded: at most [`MAX_QUERY_CHARS`] characters, [`MAX_CLAUSES`]
//! clauses and [`MAX_DEPTH`] levels of parentheses.

use thiserror::Error;

/// The longest query read, in characters.
pub const MAX_QUERY_CHARS: usize = 2000;
/// The most clauses (words and phrases) a query may hold.
pub const MAX_CLAUSES: usize = 64;
/// The deepest nesting of parentheses.
pub const MAX_DEPTH: usize = 16;

/// Where a word or phrase must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The title or the body.
    Any,
    /// The title (`title:`).
    Title,
    /// The body text (`body:`, `text:`).
    Body,
    /// The names of the article's main entities (`entity:`).
    Entity,
    /// The words it quotes (`quote:`).
    Quote,
    /// The site it comes from (`source:`, `site:`).
    Source,
    /// Its tags (`tag:`).
    Tag,
    /// Its language code (`lang:`, `language:`).
    Lang,
    /// Its authors (`author:`).
    Author,
}

impl Field {
    fn from_name(name: &str) -> Option<Field> {
        Some(match name.to_ascii_lowercase().as_str() {
            "title" => Field::Title,
            "body" | "text" => Field::Body,
            "entity" => Field::Entity,
            "quote" => Field::Quote,
            "source" | "site" => Field::Source,
            "tag" => Field::Tag,
            "lang" | "language" => Field::Lang,
            "author" => Field::Author,
            _ => return None,
        })
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Every article (an empty query, or only negations).
    All,
    /// A word (`phrase: false`) or a quoted phrase in a field.
    Match {
        /// Where it must occur.
        field: Field,
        /// The word, or the phrase's words.
        text: String,
        /// A quoted phrase: its words in order, next to each other.
        phrase: bool,
    },
    /// Words starting with `text` (`strik*`).
    Prefix {
        /// Where it must occur.
        field: Field,
        /// The start of the word.
        text: String,
    },
    /// Words at most `distance` edits (insertions, deletions, substitutions,
    /// swaps of two letters) from `text` (`Roterdam~1`).
    Fuzzy {
        /// Where it must occur.
        field: Field,
        /// The word.
        text: String,
        /// The most edits, 0 to 2.
        distance: u8,
    },
    /// The words of a phrase in order with at most `slop` moves between
    /// them (`"port strike"~3`).
    Near {
        /// Where it must occur.
        field: Field,
        /// The phrase's words.
        text: String,
        /// The most moves between them.
        slop: u32,
    },
    /// All of these.
    And(Vec<Query>),
    /// At least one of these.
    Or(Vec<Query>),
    /// Not this.
    Not(Box<Query>),
}

/// Why a query could not be read; positions are character offsets into it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QueryError {
    /// Over [`MAX_QUERY_CHARS`] characters.
    #[error("the query is too long (over {MAX_QUERY_CHARS} characters)")]
    TooLong,
    /// Over [`MAX_CLAUSES`] clauses.
    #[error("the query has too many clauses (over {MAX_CLAUSES})")]
    TooManyClauses,
    /// Over [`MAX_DEPTH`] levels of parentheses.
    #[error("the query nests parentheses too deeply (over {MAX_DEPTH})")]
    TooDeep,
    /// A parenthesis without its pair.
    #[error("unbalanced parenthesis at character {0}")]
    Unbalanced(usize),
    /// A quote without its closing quote.
    #[error("unterminated quote starting at character {0}")]
    UnterminatedQuote(usize),
    /// An operator (`AND`, `OR`, `NOT`, `-`) with nothing to apply to.
    #[error("{0} at character {1} has nothing to apply to")]
    Dangling(&'static str, usize),
    /// `name:` where `name` is no field.
    #[error("unknown field \"{0}:\" at character {1}: the fields are {FIELD_NAMES}; to search for the words themselves, put them in quotes")]
    UnknownField(String, usize),
    /// A prefix (`x*`) shorter than the least allowed.
    #[error("a prefix needs at least {MIN_PREFIX_CHARS} letters before \"*\" (at character {0})")]
    ShortPrefix(usize),
    /// A fuzzy word asking for more than two edits.
    #[error("a fuzzy word takes ~0, ~1 or ~2 edits (at character {0}), not more")]
    FuzzyDistance(usize),
    /// A phrase's slop over the most allowed.
    #[error("a phrase may be at most ~{MAX_SLOP} words apart (at character {0})")]
    Slop(usize),
}

/// Letters a prefix (`strik*`) needs at least.
pub const MIN_PREFIX_CHARS: usize = 2;
/// The most edits a fuzzy word (`Roterdam~2`) may take.
pub const MAX_FUZZY_DISTANCE: u8 = 2;
/// The most a proximity phrase (`"a b"~N`) may take.
pub const MAX_SLOP: u32 = 50;

/// The field names a query may use, for messages.
pub const FIELD_NAMES: &str = "title, body, entity, quote, source, tag, lang, author";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Phrase(String),
    /// A phrase with `~N` after it.
    Near(String, u32),
    /// A field name, with the name as typed (a plain word when nothing follows).
    Field(Field, String),
    Open,
    Close,
    And,
    Or,
    Not,
}

/// Parses a query typed by a user.
pub fn parse_query(input: &str) -> Result<Query, QueryError> {
    if input.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong);
    }
    let tokens = tokenize(input)?;
    let clauses = tokens
        .iter()
        .filter(|(t, _)| matches!(t, Token::Word(_) | Token::Phrase(_) | Token::Near(..)))
        .count();
    if clauses > MAX_CLAUSES {
        return Err(QueryError::TooManyClauses);
    }
    let mut parser = Parser {
        tokens,
        at: 0,
        depth: 0,
    };
    let query = parser.or_expr()?;
    if let Some((_, pos)) = parser.tokens.get(parser.at) {
        return Err(QueryError::Unbalanced(*pos));
    }
    Ok(simplify(query))
}

fn tokenize(input: &str) -> Result<Vec<(Token, usize)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        match c {
            '(' => tokens.push((Token::Open, i)),
            ')' => tokens.push((Token::Close, i)),
            '-' | '!' if next_starts_term(&chars, i + 1) && starts_clause(&tokens) => {
                tokens.push((Token::Not, i))
            }
            '+' if next_starts_term(&chars, i + 1) => {}
            '"' | '“' | '«' => {
                let close = match c {
                    '“' => '”',
                    '«' => '»',
                    _ => '"',
                };
                // Inside a phrase, `\"` is a quote and `\\` a backslash.
                let mut text = String::new();
                let mut j = i + 1;
                loop {
                    match chars.get(j) {
                        None => return Err(QueryError::UnterminatedQuote(i)),
                        Some('\\') if matches!(chars.get(j + 1), Some('"' | '\\')) => {
                            text.push(chars[j + 1]);
                            j += 2;
                        }
                        Some(&c) if c == close || c == '"' => break,
                        Some(&c) => {
                            text.push(c);
                            j += 1;
                        }
                    }
                }
                // `"…"~N`: the phrase's words at most N apart.
                let mut after = j + 1;
                if chars.get(after) == Some(&'~') {
                    let digits: String = chars[after + 1..]
                        .iter()
                        .take_while(|c| c.is_ascii_digit())
                        .collect();
                    let slop = digits
                        .parse::<u32>()
                        .ok()
                        .filter(|n| *n <= MAX_SLOP)
                        .ok_or(QueryError::Slop(after))?;
                    after += 1 + digits.chars().count();
                    tokens.push((Token::Near(text.trim().to_string(), slop), i));
                } else {
                    tokens.push((Token::Phrase(text.trim().to_string()), i));
                }
                i = after;
                continue;
            }
            _ => {
                let start = i;
                let mut word = String::new();
                while i < chars.len()
                    && !chars[i].is_whitespace()
                    && !matches!(chars[i], '(' | ')' | '"' | '“' | '«')
                {
                    word.push(chars[i]);
                    i += 1;
                    if chars[i - 1] == ':' {
                        break;
                    }
                }
                if let Some(name) = word.strip_suffix(':') {
                    // `name:value` right after a field is that field's value
                    // (`source:https://…`), and a colon before anything but a
                    // letter or digit (`https://`, `10:30`) is no field.
                    let looks_like_field = !name.is_empty()
                        && name.chars().all(char::is_alphabetic)
                        && Field::from_name(name).is_none()
                        && chars.get(i).is_some_and(|c| c.is_alphanumeric())
                        && !matches!(tokens.last(), Some((Token::Field(..), _)));
                    if looks_like_field {
                        return Err(QueryError::UnknownField(name.to_string(), start));
                    }
                }
                tokens.push((word_token(&word), start));
                continue;
            }
        }
        i += 1;
    }
    // A field name with nothing after it is a plain word.
    let mut out: Vec<(Token, usize)> = Vec::with_capacity(tokens.len());
    let len = tokens.len();
    for (k, (token, pos)) in tokens.clone().into_iter().enumerate() {
        if let Token::Field(_, name) = &token {
            let next = if k + 1 < len {
                Some(&tokens[k + 1].0)
            } else {
                None
            };
            if !matches!(
                next,
                Some(Token::Word(_) | Token::Phrase(_) | Token::Near(..))
            ) {
                out.push((Token::Word(name.clone()), pos));
                continue;
            }
        }
        out.push((token, pos));
    }
    Ok(out)
}

fn word_token(word: &str) -> Token {
    match word {
        "AND" | "&&" => return Token::And,
        "OR" | "||" => return Token::Or,
        "NOT" => return Token::Not,
        _ => {}
    }
    if let Some(name) = word.strip_suffix(':') {
        if let Some(field) = Field::from_name(name) {
            return Token::Field(field, name.to_string());
        }
        return Token::Word(name.to_string());
    }
    Token::Word(word.to_string())
}

fn next_starts_term(chars: &[char], at: usize) -> bool {
    chars
        .get(at)
        .is_some_and(|c| !c.is_whitespace() && *c != ')')
}

/// A `-` negates only where a clause may start (not inside "covid-19").
fn starts_clause(tokens: &[(Token, usize)]) -> bool {
    !matches!(tokens.last(), Some((Token::Field(..), _)))
}

struct Parser {
    tokens: Vec<(Token, usize)>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn position(&self) -> usize {
        self.tokens
            .get(self.at)
            .or(self.tokens.last())
            .map_or(0, |(_, p)| *p)
    }

    fn or_expr(&mut self) -> Result<Query, QueryError> {
        let mut parts = vec![self.and_expr()?];
        while self.peek() == Some(&Token::Or) {
            let pos = self.position();
            self.at += 1;
            if matches!(
                self.peek(),
                None | Some(Token::Close | Token::Or | Token::And)
            ) {
                return Err(QueryError::Dangling("OR", pos));
            }
            parts.push(self.and_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::Or(parts)
        })
    }

    fn and_expr(&mut self) -> Result<Query, QueryError> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                None | Some(Token::Close | Token::Or) => break,
                Some(Token::And) => {
                    let pos = self.position();
                    self.at += 1;
                    if matches!(
                        self.peek(),
                        None | Some(Token::Close | Token::Or | Token::And)
                    ) {
                        return Err(QueryError::Dangling("AND", pos));
                    }
                }
                _ => parts.push(self.unary()?),
            }
        }
        Ok(match parts.len() {
            0 => Query::All,
            1 => parts.remove(0),
            _ => Query::And(parts),
        })
    }

    fn unary(&mut self) -> Result<Query, QueryError> {
        if self.peek() == Some(&Token::Not) {
            let pos = self.position();
            self.at += 1;
            if matches!(
                self.peek(),
                None | Some(Token::Close | Token::Or | Token::And)
            ) {
                return Err(QueryError::Dangling("NOT", pos));
            }
            return Ok(Query::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Query, QueryError> {
        let pos = self.position();
        let Some((token, _)) = self.tokens.get(self.at).cloned() else {
            return Ok(Query::All);
        };
        self.at += 1;
        match token {
            Token::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(QueryError::TooDeep);
                }
                let inner = self.or_expr()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(QueryError::Unbalanced(pos));
                }
                self.at += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Token::Close => Err(QueryError::Unbalanced(pos)),
            Token::Field(field, _) => match self.tokens.get(self.at).cloned() {
                Some((Token::Word(text), at)) => {
                    self.at += 1;
                    word(field, text, at)
                }
                Some((Token::Phrase(text), _)) => {
                    self.at += 1;
                    Ok(matching(field, text, true))
                }
                Some((Token::Near(text, slop), _)) => {
                    self.at += 1;
                    Ok(near(field, text, slop))
                }
                _ => Ok(Query::All),
            },
            Token::Word(text) => word(Field::Any, text, pos),
            Token::Phrase(text) => Ok(matching(Field::Any, text, true)),
            Token::Near(text, slop) => Ok(near(Field::Any, text, slop)),
            Token::And | Token::Or | Token::Not => Err(QueryError::Dangling("operator", pos)),
        }
    }
}

/// A word as typed: a prefix (`strik*`), a fuzzy word (`Roterdam~1`,
/// `Roterdam~` for two edits) or a plain word; `at` is where it starts.
fn word(field: Field, text: String, at: usize) -> Result<Query, QueryError> {
    if let Some(stem) = text.strip_suffix('*') {
        if !stem.contains('*') {
            let letters = stem.chars().filter(|c| c.is_alphanumeric()).count();
            if letters < MIN_PREFIX_CHARS {
                return Err(QueryError::ShortPrefix(at));
            }
            return Ok(Query::Prefix {
                field,
                text: stem.to_string(),
            });
        }
    }
    if let Some((stem, edits)) = text.rsplit_once('~') {
        if !stem.is_empty() && edits.chars().all(|c| c.is_ascii_digit()) {
            let distance = if edits.is_empty() {
                MAX_FUZZY_DISTANCE
            } else {
                edits
                    .parse::<u8>()
                    .ok()
                    .filter(|d| *d <= MAX_FUZZY_DISTANCE)
                    .ok_or(QueryError::FuzzyDistance(at))?
            };
            return Ok(Query::Fuzzy {
                field,
                text: stem.to_string(),
                distance,
            });
        }
    }
    Ok(matching(field, text, false))
}

fn near(field: Field, text: String, slop: u32) -> Query {
    if text.trim().is_empty() {
        return Query::All;
    }
    Query::Near { field, text, slop }
}

fn matching(field: Field, text: String, phrase: bool) -> Query {
    if text.trim().is_empty() {
        return Query::All;
    }
    Query::Match {
        field,
        text,
        phrase,
    }
}

/// Drops `All` from conjunctions and flattens single-element groups.
fn simplify(query: Query) -> Query {
    match query {
        Query::And(parts) => {
            let parts: Vec<Query> = parts
                .into_iter()
                .map(simplify)
                .filter(|p| *p != Query::All)
                .collect();
            match parts.len() {
                0 => Query::All,
                1 => parts.into_iter().next().unwrap_or(Query::All),
                _ => Query::And(parts),
            }
        }
        Query::Or(parts) => {
            let parts: Vec<Query> = parts.into_iter().map(simplify).collect();
            if parts.contains(&Query::All) {
                return Query::All;
            }
            Query::Or(parts)
        }
        Query::Not(inner) => match simplify(*inner) {
            Query::All => Query::All,
            inner => Query::Not(Box::new(inner)),
        },
        other => other,
    }
}

/// `text` as a quoted phrase of the query language, whatever it holds.
pub fn quote_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(field: Field, text: &str) -> Query {
        Query::Match {
            field,
            text: text.into(),
            phrase: false,
        }
    }

    fn phrase(field: Field, text: &str) -> Query {
        Query::Match {
            field,
            text: text.into(),
            phrase: true,
        }
    }

    #[test]
    fn any_text_quoted_reads_back_as_itself() {
        for text in ["say \"hi\"", "back\\slash \\\"", "plain", "«guillemets»"] {
            assert_eq!(
                parse_query(&format!("tag:{}", quote_phrase(text))),
                Ok(phrase(Field::Tag, text)),
                "{text}"
            );
        }
    }

    #[test]
    fn words_are_joined_by_and() {
        assert_eq!(
            parse_query("ceasefire talks").unwrap(),
            Query::And(vec![
                word(Field::Any, "ceasefire"),
                word(Field::Any, "talks")
            ])
        );
    }

    #[test]
    fn or_binds_looser_than_and() {
        assert_eq!(
            parse_query("\"peace talks\" OR oil AND gas").unwrap(),
            Query::Or(vec![
                phrase(Field::Any, "peace talks"),
                Query::And(vec![word(Field::Any, "oil"), word(Field::Any, "gas")])
            ])
        );
    }

    #[test]
    fn fields_and_negation() {
        assert_eq!(
            parse_query("entity:\"Vladimir Putin\" -title:peskov source:reuters.com").unwrap(),
            Query::And(vec![
                phrase(Field::Entity, "Vladimir Putin"),
                Query::Not(Box::new(word(Field::Title, "peskov"))),
                word(Field::Source, "reuters.com"),
            ])
        );
        assert_eq!(
            parse_query("NOT sport").unwrap(),
            Query::Not(Box::new(word(Field::Any, "sport")))
        );
    }

    #[test]
    fn hyphenated_words_and_unknown_fields_are_words() {
        assert_eq!(
            parse_query("covid-19").unwrap(),
            word(Field::Any, "covid-19")
        );
        assert_eq!(
            parse_query("note: this").unwrap(),
            Query::And(vec![word(Field::Any, "note"), word(Field::Any, "this")])
        );
        assert_eq!(parse_query("title:").unwrap(), word(Field::Any, "title"));
        assert_eq!(
            parse_query("10:30").unwrap(),
            Query::And(vec![word(Field::Any, "10"), word(Field::Any, "30")])
        );
    }

    #[test]
    fn an_unknown_field_is_an_error_that_lists_the_fields() {
        let error = parse_query("strike foo:bar").unwrap_err();
        assert_eq!(error, QueryError::UnknownField("foo".into(), 7));
        let message = error.to_string();
        assert!(
            message.contains("\"foo:\"") && message.contains("entity"),
            "{message}"
        );
        assert!(parse_query("\"foo:bar\"").is_ok());
        assert!(parse_query("source:https://www.example.com/x").is_ok());
        assert!(parse_query("https://example.com").is_ok());
    }

    #[test]
    fn prefixes_fuzzy_words_and_proximity() {
        assert_eq!(
            parse_query("strik* title:negotiat*").unwrap(),
            Query::And(vec![
                Query::Prefix {
                    field: Field::Any,
                    text: "strik".into()
                },
                Query::Prefix {
                    field: Field::Title,
                    text: "negotiat".into()
                },
            ])
        );
        assert_eq!(
            parse_query("Roterdam~1").unwrap(),
            Query::Fuzzy {
                field: Field::Any,
                text: "Roterdam".into(),
                distance: 1
            }
        );
        assert_eq!(
            parse_query("Roterdam~").unwrap(),
            Query::Fuzzy {
                field: Field::Any,
                text: "Roterdam".into(),
                distance: 2
            }
        );
        assert_eq!(
            parse_query("\"port strike\"~3 OR body:\"dock workers\"~0").unwrap(),
            Query::Or(vec![
                Query::Near {
                    field: Field::Any,
                    text: "port strike".into(),
                    slop: 3
                },
                Query::Near {
                    field: Field::Body,
                    text: "dock workers".into(),
                    slop: 0
                },
            ])
        );
        assert_eq!(parse_query("s*"), Err(QueryError::ShortPrefix(0)));
        assert_eq!(
            parse_query("x Roterdam~3"),
            Err(QueryError::FuzzyDistance(2))
        );
        assert_eq!(parse_query("\"a b\"~99"), Err(QueryError::Slop(5)));
        assert_eq!(parse_query("\"a b\"~"), Err(QueryError::Slop(5)));
        // Not a prefix or fuzzy word: a star inside, a tilde with letters after.
        assert_eq!(parse_query("a*b").unwrap(), word(Field::Any, "a*b"));
        assert_eq!(parse_query("a~b").unwrap(), word(Field::Any, "a~b"));
    }

    #[test]
    fn parentheses_group() {
        assert_eq!(
            parse_query("(oil OR gas) price").unwrap(),
            Query::And(vec![
                Query::Or(vec![word(Field::Any, "oil"), word(Field::Any, "gas")]),
                word(Field::Any, "price")
            ])
        );
    }

    #[test]
    fn empty_queries_match_everything() {
        assert_eq!(parse_query("").unwrap(), Query::All);
        assert_eq!(parse_query("  ()  ").unwrap(), Query::All);
    }

    #[test]
    fn bad_queries_are_clear_errors() {
        assert_eq!(parse_query("(oil"), Err(QueryError::Unbalanced(0)));
        assert!(matches!(
            parse_query("oil)"),
            Err(QueryError::Unbalanced(_))
        ));
        assert_eq!(parse_query("\"oil"), Err(QueryError::UnterminatedQuote(0)));
        assert!(matches!(
            parse_query("oil OR"),
            Err(QueryError::Dangling("OR", _))
        ));
        assert_eq!(parse_query(&"(".repeat(40)), Err(QueryError::TooDeep));
        assert_eq!(
            parse_query(&"a ".repeat(100)),
            Err(QueryError::TooManyClauses)
        );
        assert_eq!(parse_query(&"a".repeat(3000)), Err(QueryError::TooLong));
    }
}
