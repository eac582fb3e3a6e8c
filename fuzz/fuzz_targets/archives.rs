//! Web archives: WARC, ARC and JSONL readers over arbitrary bytes, with small
//! record limits so that "a length that lies" is reached quickly. Each reader
//! must end (no endless iteration) and never yield more records than bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_ingest::{ArcReader, JsonlReader, WarcReader};

const LIMIT: u64 = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let bound = data.len() + 2;
    assert!(WarcReader::with_max_record(data, LIMIT).take(bound + 1).count() <= bound);
    assert!(ArcReader::with_max_record(data, LIMIT).take(bound + 1).count() <= bound);
    assert!(JsonlReader::with_max_line(data, LIMIT as usize).take(bound + 1).count() <= bound);
});
