//! Running out of memory is a message, not a crash.
//!
//! When the system refuses an allocation (a `ulimit -v` address-space
//! limit, a container's memory cap, overcommit turned off), Rust's default
//! is to abort: SIGABRT, a core dump, and a line only a Rust programmer
//! reads. This allocator is the system's, except that a refused allocation
//! ends the process with a plain message and exit status 1. Everything
//! committed before stays (each batch of an ingest is one transaction), so
//! the same command resumes once there is more memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;

/// The system allocator, with a message when it runs out.
pub struct Reporting;

// SAFETY: every call is passed to `System` unchanged; only a null result,
// which would otherwise abort the process, is turned into an orderly exit.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Reporting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let ptr = unsafe { System.alloc(layout) };
        if ptr.is_null() {
            out_of_memory(layout.size());
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if ptr.is_null() {
            out_of_memory(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if new.is_null() {
            out_of_memory(new_size);
        }
        new
    }
}

/// Says how much could not be had and exits with status 1, allocating
/// nothing on the way (the number is written into a buffer on the stack).
fn out_of_memory(size: usize) -> ! {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = size;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(b"newsdesk: out of memory (the system refused ");
    let _ = stderr.write_all(&digits[at..]);
    let _ = stderr.write_all(
        b" bytes); what was committed is kept: free memory, raise the limit (ulimit -v) or use fewer workers (-j 1), and run the same command again\n",
    );
    let _ = stderr.flush();
    // No destructors run (they might allocate); the OS frees the rest.
    std::process::exit(1)
}
