//! Web archives: WARC, ARC and JSONL readers over arbitrary bytes, with small
//! record limits so that "a length that lies" is reached quickly. Each reader
//! must end (no endless iteration): never more records than the input could
//! hold once inflated (gzip inflates at most about 1032:1).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_ingest::{ArcReader, JsonlReader, WarcReader};

const LIMIT: u64 = 64 * 1024;

fuzz_target!(|data: &[u8]| {
    let bound = (data.len() + 2) * 1100;
    assert!(
        WarcReader::with_max_record(data, LIMIT)
            .take(bound + 1)
            .count()
            <= bound
    );
    assert!(
        ArcReader::with_max_record(data, LIMIT)
            .take(bound + 1)
            .count()
            <= bound
    );
    assert!(
        JsonlReader::with_max_line(data, LIMIT as usize)
            .take(bound + 1)
            .count()
            <= bound
    );
});
