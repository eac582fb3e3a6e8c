//! The `newsdesk` command: news pages in, clean structured articles out.
//!
//! This file runs the command [`args`] parsed and sets the exit codes, the
//! same for every command:
//!
//! - 0: everything asked for was done (for `extract`, `analyze` and
//!   `ingest`: every input came through);
//! - 1: something failed. With several inputs the rest still go on, and
//!   the count of the failed ones is on stderr at the end (`extract` and
//!   `analyze`: "…, 2 failed"; `ingest`: "2 of 40 inputs failed …", each
//!   also listed in `DATA/problems.jsonl`);
//! - 2: the command line itself is wrong (usage errors);
//! - 130: `demo` stopped with Ctrl-C while it was building its corpus.
//!
//! A reader that goes away (`newsdesk article 7 | head`) ends the command
//! quietly with 0: the output was not wanted any more, nothing failed.
//!
//! The work is in [`extract`] (both `extract` and
//! `analyze`, which share inputs, workers, ordering and formats) and in
//! [`corpus`] (the commands over a data directory: `ingest`, `search`,
//! `article`, `story`, `stats`, `export`, `reindex`) and [`serve`] (`serve`
//! and `demo`).

mod archive;
mod args;
mod cluster;
mod corpus;
mod extract;
mod memory;
mod ordered;
mod render;
mod serve;
mod terminal;
mod wording;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use args::{Cli, Command};

#[global_allocator]
static ALLOCATOR: memory::Reporting = memory::Reporting;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args, extract::Mode::Extract, |message| {
            usage_error("extract", message)
        }),
        Command::Analyze(args) => extract::run(args, extract::Mode::Analyze, |message| {
            usage_error("analyze", message)
        }),
        Command::Ingest(args) => match args.postgres.postgres.clone() {
            Some(url) => cluster::ingest_into_postgres(&url, &args),
            None => corpus::run_ingest(args),
        },
        Command::Search(args) => corpus::run_search(args),
        Command::Article(args) => corpus::run_article(args),
        Command::Story(args) => corpus::run_story(args),
        Command::Stats(args) => corpus::run_stats(args),
        Command::Export(args) => corpus::run_export(args),
        Command::Reindex(args) => corpus::run_reindex(args),
        Command::Serve(args) => serve::run_serve(args),
        Command::Demo(args) => serve::run_demo(args),
        Command::Worker(args) => cluster::run_worker(args),
        Command::Enqueue(args) => cluster::run_enqueue(args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("newsdesk: {}", terminal::printable(&format!("{error:#}")));
        ExitCode::FAILURE
    })
}

/// Reports a bad combination of arguments the way clap reports its own, and
/// exits with code 2.
fn usage_error(subcommand: &str, message: String) -> anyhow::Error {
    let mut root = Cli::command();
    root.build();
    let mut command = root
        .find_subcommand_mut(subcommand)
        .cloned()
        .unwrap_or(root);
    command
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}
