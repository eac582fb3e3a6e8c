//! The article body: which part of the page it is, and its blocks.
// STUB
