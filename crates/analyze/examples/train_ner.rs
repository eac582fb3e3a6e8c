//! Trains the name tagger's model for one language, reproducibly: the same
//! data, epochs and seed give the same model bytes.
//!
//! ```text
//! cargo run --release -p newsdesk-analyze --example train_ner -- \
//!     --lang en --train ../shared/datasets/gum-train-ner/gum-train-ner.jsonl \
//!     --eval ../shared/datasets/gum-news-ner/gum-news-ner.jsonl \
//!     --folds 5 --out crates/analyze/models/ner-en.bin
//! cargo run --release -p newsdesk-analyze --example train_ner -- \
//!     --lang ru --train ../shared/datasets/factru-dev/factru-dev.jsonl \
//!     --folds 5 --out crates/analyze/models/ner-ru.bin
//! ```
//!
//! Input lines: `{"id", "text", "entities": [{"start", "end", "kind"}]}` with
//! char offsets (the shared NER sets' format). With `--folds K` the documents
//! are split into K folds by a hash of their id; each fold is tagged by a model
//! trained on the others, and exact-span F1 is printed per fold and overall
//! (the figure for text the model never saw). `--eval FILE` tags a set the
//! model is never trained on. `--silver FILE` adds documents a teacher tagger
//! labelled (scripts/ner/silver.py): always in training, never scored. The
//! final model is trained on every document.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};

use newsdesk_analyze::doc::Doc;
use newsdesk_analyze::tagger::features::DocFacts;
use newsdesk_analyze::tagger::model::{Model, Sequence, Trainer};
use newsdesk_analyze::tagger::words;
use newsdesk_analyze::tagger::{
    decode, gold_tags, predict_chars, training_sequences, GoldName, Language, Tagger,
};
use newsdesk_analyze::EntityKind;

struct Document {
    id: String,
    text: String,
    gold: Vec<GoldName>,
    /// Gold tag of each token.
    tags: Vec<usize>,
}

struct Options {
    train: String,
    /// Teacher-labelled documents, always in training, never scored.
    silver: Vec<String>,
    eval: Option<String>,
    out: Option<String>,
    folds: usize,
    /// The folds to score (all when empty): a quick comparison scores a few.
    score_folds: Vec<usize>,
    epochs: usize,
    seed: u64,
    language: Language,
    /// Skip training the final model (a comparison of settings needs only the folds).
    no_final: bool,
    /// Print fold 0's errors: the one fold read while designing features.
    errors: bool,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        train: String::new(),
        silver: Vec::new(),
        eval: None,
        out: None,
        folds: 0,
        score_folds: Vec::new(),
        epochs: 12,
        seed: 2016,
        language: Language::English,
        errors: false,
        no_final: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--train" => o.train = value()?,
            "--eval" => o.eval = Some(value()?),
            "--silver" => o.silver.push(value()?),
            "--errors" => o.errors = true,
            "--out" => o.out = Some(value()?),
            "--folds" => o.folds = value()?.parse().map_err(|e| format!("--folds: {e}"))?,
            "--score-folds" => {
                o.score_folds = value()?
                    .split(',')
                    .map(|f| f.parse().map_err(|e| format!("--score-folds: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--no-final" => o.no_final = true,
            "--epochs" => o.epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--lang" => {
                o.language = match value()?.as_str() {
                    "en" => Language::English,
                    "ru" => Language::Russian,
                    other => return Err(format!("--lang: no model for {other}")),
                }
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if o.train.is_empty() {
        return Err("usage: train_ner --train FILE.jsonl [--silver FILE.jsonl]... [--eval FILE.jsonl] [--folds K [--score-folds 1,2]] [--no-final] [--epochs N] [--seed S] [--out MODEL]".into());
    }
    Ok(o)
}

fn kind_of(name: &str) -> Option<EntityKind> {
    match name {
        "person" => Some(EntityKind::Person),
        "organization" => Some(EntityKind::Organization),
        "place" => Some(EntityKind::Place),
        _ => None,
    }
}

fn load(path: &str) -> Result<Vec<Document>, Box<dyn std::error::Error>> {
    let reader = BufReader::new(std::fs::File::open(path)?);
    let mut docs = Vec::new();
    let (mut names, mut misaligned) = (0, 0);
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: serde_json::Value = serde_json::from_str(&line)?;
        let text = record["text"].as_str().unwrap_or_default().to_string();
        let id = match &record["id"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let gold: Vec<GoldName> = record["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                Some(GoldName {
                    start: e["start"].as_u64()? as usize,
                    end: e["end"].as_u64()? as usize,
                    kind: kind_of(e["kind"].as_str()?)?,
                })
            })
            .collect();
        let (tags, alignment) = gold_tags(&Doc::new(&text), &gold);
        names += alignment.names;
        misaligned += alignment.misaligned;
        docs.push(Document {
            id,
            text,
            gold,
            tags,
        });
    }
    eprintln!(
        "{path}: {} documents, {names} names, {misaligned} not on token edges",
        docs.len()
    );
    Ok(docs)
}

/// A small deterministic generator (xorshift64*), for the training order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// One pass's model from sequences, in a seeded order.
fn train_model(mut order: Vec<&Sequence>, epochs: usize, seed: u64) -> Model {
    let mut rng = Rng(seed.max(1));
    let mut trainer = Trainer::default();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for sequence in &order {
            trainer.learn(sequence);
        }
    }
    trainer.finish()
}

fn first_pass_model(docs: &[&Document], o: &Options) -> Model {
    let sequences: Vec<Sequence> = docs
        .iter()
        .flat_map(|d| training_sequences(&Doc::new(&d.text), o.language, &d.tags, None))
        .collect();
    train_model(sequences.iter().collect(), o.epochs, o.seed)
}

/// Both passes. The second pass learns from first-pass tags that a model
/// trained without the document gave it (five-way jackknife), so it learns how
/// far to trust the first pass on unseen text.
fn train(docs: &[&Document], o: &Options) -> Tagger {
    const PARTS: usize = 5;
    let mut first_tags: Vec<Vec<usize>> = vec![Vec::new(); docs.len()];
    for part in 0..PARTS {
        let inner = |d: &Document| fold_of(&format!("{}#inner", d.id), PARTS) == part;
        let rest: Vec<&Document> = docs.iter().copied().filter(|d| !inner(d)).collect();
        let model = first_pass_model(&rest, o);
        for (slot, doc) in first_tags.iter_mut().zip(docs) {
            if inner(doc) {
                let doc = Doc::new(&doc.text);
                let facts = DocFacts::new(&doc, words::table(o.language));
                *slot = decode(&doc, &facts, &model);
            }
        }
    }
    let first = first_pass_model(docs, o);
    let sequences: Vec<Sequence> = docs
        .iter()
        .zip(first_tags)
        .flat_map(|(d, tags)| {
            training_sequences(&Doc::new(&d.text), o.language, &d.tags, Some(tags))
        })
        .collect();
    let second = train_model(sequences.iter().collect(), o.epochs, o.seed.wrapping_add(1));
    Tagger::new(first, second)
}

#[derive(Default, Clone, Copy)]
struct Counts {
    right: [usize; 3],
    predicted: [usize; 3],
    gold: [usize; 3],
}

fn slot(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        _ => 2,
    }
}

impl Counts {
    fn add(&mut self, doc: &Document, model: &Tagger, language: Language) {
        let gold: HashSet<(usize, usize, usize)> = doc
            .gold
            .iter()
            .map(|g| (g.start, g.end, slot(g.kind)))
            .collect();
        for g in &doc.gold {
            self.gold[slot(g.kind)] += 1;
        }
        for p in predict_chars(&doc.text, language, model) {
            let key = (p.start, p.end, slot(p.kind));
            self.predicted[key.2] += 1;
            if gold.contains(&key) {
                self.right[key.2] += 1;
            }
        }
    }
    fn merge(&mut self, other: &Counts) {
        for k in 0..3 {
            self.right[k] += other.right[k];
            self.predicted[k] += other.predicted[k];
            self.gold[k] += other.gold[k];
        }
    }
    fn f1(right: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
        let p = right as f64 / predicted.max(1) as f64;
        let r = right as f64 / gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
    fn line(&self) -> String {
        let sum = |a: [usize; 3]| a.iter().sum::<usize>();
        let (p, r, f) = Self::f1(sum(self.right), sum(self.predicted), sum(self.gold));
        let per: Vec<String> = (0..3)
            .map(|k| {
                format!(
                    "{:.3}",
                    Self::f1(self.right[k], self.predicted[k], self.gold[k]).2
                )
            })
            .collect();
        format!(
            "P {p:.3} R {r:.3} F1 {f:.3}  (person {} organization {} place {})",
            per[0], per[1], per[2]
        )
    }
}

fn print_errors(doc: &Document, model: &Tagger, language: Language) {
    let chars: Vec<char> = doc.text.chars().collect();
    let span = |s: usize, e: usize| {
        chars[s.min(chars.len())..e.min(chars.len())]
            .iter()
            .collect::<String>()
    };
    let gold: HashSet<(usize, usize, usize)> = doc
        .gold
        .iter()
        .map(|g| (g.start, g.end, slot(g.kind)))
        .collect();
    let predicted: HashSet<(usize, usize, usize)> = predict_chars(&doc.text, language, model)
        .iter()
        .map(|p| (p.start, p.end, slot(p.kind)))
        .collect();
    const KIND: [&str; 3] = ["PER", "ORG", "LOC"];
    for &(s, e, k) in predicted.difference(&gold) {
        let context = span(s.saturating_sub(30), e + 30).replace('\n', " ");
        eprintln!("FP {} {:?}   | {context}", KIND[k], span(s, e));
    }
    for &(s, e, k) in gold.difference(&predicted) {
        let context = span(s.saturating_sub(30), e + 30).replace('\n', " ");
        eprintln!("FN {} {:?}   | {context}", KIND[k], span(s, e));
    }
}

/// The genre part of a GUM document id (`GUM_interview_ants` → `interview`);
/// the id's first part for other sets (`book_58` → `book`).
fn genre_of(id: &str) -> &str {
    let parts: Vec<&str> = id.split('_').collect();
    match parts.as_slice() {
        [_, genre, _, ..] => genre,
        [first, ..] => first,
        [] => id,
    }
}

fn fold_of(id: &str, folds: usize) -> usize {
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    (hash % folds as u64) as usize
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = options()?;
    let docs = load(&o.train)?;
    let mut silver = Vec::new();
    for path in &o.silver {
        silver.extend(load(path)?);
    }
    if o.folds > 1 {
        let mut total = Counts::default();
        let mut by_genre: std::collections::BTreeMap<&str, Counts> = Default::default();
        for fold in 0..o.folds {
            if !o.score_folds.is_empty() && !o.score_folds.contains(&fold) {
                continue;
            }
            let train_docs: Vec<&Document> = docs
                .iter()
                .filter(|d| fold_of(&d.id, o.folds) != fold)
                .chain(&silver)
                .collect();
            let model = train(&train_docs, &o);
            let mut counts = Counts::default();
            for doc in docs.iter().filter(|d| fold_of(&d.id, o.folds) == fold) {
                let mut one = Counts::default();
                one.add(doc, &model, o.language);
                counts.merge(&one);
                by_genre.entry(genre_of(&doc.id)).or_default().merge(&one);
                if o.errors && fold == 0 {
                    print_errors(doc, &model, o.language);
                }
            }
            println!("fold {fold} (held out): {}", counts.line());
            total.merge(&counts);
        }
        println!("cross-validated, {} folds: {}", o.folds, total.line());
        if by_genre.len() > 1 {
            for (genre, counts) in &by_genre {
                println!("  genre {genre:<14} {}", counts.line());
            }
        }
    }
    if o.no_final {
        return Ok(());
    }
    let all: Vec<&Document> = docs.iter().chain(&silver).collect();
    let model = train(&all, &o);
    if let Some(eval) = &o.eval {
        let mut counts = Counts::default();
        for doc in load(eval)? {
            counts.add(&doc, &model, o.language);
        }
        println!("evaluation set {eval}: {}", counts.line());
    }
    if let Some(out) = &o.out {
        let bytes = model.to_bytes();
        std::fs::write(out, &bytes)?;
        println!(
            "{out}: {} + {} features, {} bytes",
            model.first.features(),
            model.second.features(),
            bytes.len()
        );
    }
    Ok(())
}
