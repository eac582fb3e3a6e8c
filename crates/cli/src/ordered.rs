//! Parallel work with output in input order and bounded memory.
//!
//! Pages are extracted on a thread pool, but their records must come out in
//! the order the inputs were given, and a directory of a million pages must
//! not pile a million records up in memory. So at most `window` items are in
//! flight (being worked on, or done and waiting for an earlier one) at any
//! time: results are buffered until the next one in order arrives, then
//! handed to the sink at once, and a new item is only started when the
//! oldest has gone out. Unlike fixed chunks, one slow page (a 30 s download)
//! does not idle the other workers until the window is full.

use std::collections::BTreeMap;
use std::sync::mpsc;
use std::sync::Arc;

use rayon::ThreadPool;

/// Runs `work` on every item on `pool`, at most `window` at a time, and feeds
/// the results to `sink` in item order. Stops at the sink's first error.
///
/// `work` must not panic (a panic in a pool job aborts the process): callers
/// catch unwinds inside it.
pub fn run_ordered<T, R, E>(
    pool: &ThreadPool,
    items: impl Iterator<Item = T>,
    window: usize,
    work: impl Fn(T) -> R + Send + Sync + 'static,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send + 'static,
    R: Send + 'static,
{
    let window = window.max(1);
    let work = Arc::new(work);
    let (sender, receiver) = mpsc::channel();
    let mut reorder = Reorder {
        receiver,
        pending: BTreeMap::new(),
        next: 0,
    };
    let mut started = 0;
    for item in items {
        while started - reorder.next >= window {
            reorder.receive(&mut sink)?;
        }
        let (sender, work, index) = (sender.clone(), Arc::clone(&work), started);
        pool.spawn(move || {
            // The receiver only goes away when the sink failed; the result is moot then.
            let _ = sender.send((index, work(item)));
        });
        started += 1;
    }
    while reorder.next < started {
        reorder.receive(&mut sink)?;
    }
    Ok(())
}

/// Results that came back out of order, and the index of the next one due.
struct Reorder<R> {
    receiver: mpsc::Receiver<(usize, R)>,
    pending: BTreeMap<usize, R>,
    next: usize,
}

impl<R> Reorder<R> {
    /// Waits for one result, then sinks every result that is now in order.
    fn receive<E>(&mut self, sink: &mut impl FnMut(R) -> Result<(), E>) -> Result<(), E> {
        // The caller still holds a sender, so this only ends with a result.
        if let Ok((index, result)) = self.receiver.recv() {
            self.pending.insert(index, result);
        }
        while let Some(result) = self.pending.remove(&self.next) {
            self.next += 1;
            sink(result)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn pool(threads: usize) -> ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a small pool")
    }

    #[test]
    fn results_come_out_in_input_order() {
        let mut out = Vec::new();
        let work = |i: u64| {
            std::thread::sleep(Duration::from_millis((17 * i) % 7));
            i * 10
        };
        let sink = |r| -> Result<(), ()> {
            out.push(r);
            Ok(())
        };
        run_ordered(&pool(4), 0..50u64, 6, work, sink).expect("sink never fails");
        assert_eq!(out, (0..50).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn a_sink_error_stops_the_run() {
        let mut seen = 0;
        let sink = |_r: u32| -> Result<(), &str> {
            seen += 1;
            if seen == 3 {
                Err("stop")
            } else {
                Ok(())
            }
        };
        assert_eq!(
            run_ordered(&pool(2), 0..100u32, 4, |i| i, sink),
            Err("stop")
        );
        assert_eq!(seen, 3);
    }

    #[test]
    fn no_items_is_fine() {
        let sink = |_r: u8| -> Result<(), ()> { panic!("no results expected") };
        assert_eq!(
            run_ordered(&pool(1), std::iter::empty::<u8>(), 4, |i| i, sink),
            Ok(())
        );
    }
}
