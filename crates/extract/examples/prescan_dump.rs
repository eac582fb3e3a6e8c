//! Development helper: prints a page after the prescan.
use std::io::Read;
fn main() {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .expect("utf-8 stdin");
    let out = newsdesk_extract::prescan::prescan(&s);
    print!("{}", out.html);
}
