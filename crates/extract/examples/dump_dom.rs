//! Development helper: prints the arena of one page (after the prescan) as an
//! indented outline, to see where the tree builder put each piece of text.
//!
//! usage: cargo run --release -p newsdesk-extract --example dump_dom -- PAGE[.gz] [--prescanned]
//! (`--prescanned` prints the page as the tree builder sees it instead.)
use std::io::Read;

use newsdesk_extract::dom::{AttrName, Dom, NodeData};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: dump_dom PAGE")?;
    let mut bytes = Vec::new();
    let file = std::fs::File::open(&path)?;
    if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(file).read_to_end(&mut bytes)?;
    } else {
        std::io::BufReader::new(file).read_to_end(&mut bytes)?;
    }
    let text = newsdesk_extract::charset::decode(&bytes, None).text;
    let scanned = newsdesk_extract::prescan::prescan(&text);
    if std::env::args().any(|a| a == "--prescanned") {
        print!("{}", scanned.html);
        return Ok(());
    }
    let dom = Dom::parse(&scanned.html);
    for (i, node) in dom.nodes.iter().enumerate() {
        let p = node.parent;
        let ok = if p == i {
            i == 0
        } else {
            p < i && i < dom.nodes[p].end && node.end <= dom.nodes[p].end && node.end > i
        };
        if !ok {
            eprintln!(
                "BROKEN node {i}: parent {p} end {} parent end {}",
                node.end, dom.nodes[p].end
            );
        }
    }
    let mut depth = vec![0usize; dom.nodes.len()];
    for (i, node) in dom.nodes.iter().enumerate() {
        if node.parent != i {
            depth[i] = depth[node.parent] + 1;
        }
    }
    for (i, node) in dom.nodes.iter().enumerate() {
        let expected = (i + 1..dom.nodes.len())
            .find(|&j| depth[j] <= depth[i])
            .unwrap_or(dom.nodes.len());
        if node.end != expected {
            eprintln!("BROKEN end of node {i}: {} instead of {expected}", node.end);
        }
    }
    for (i, node) in dom.nodes.iter().enumerate() {
        let pad = "  ".repeat(depth[i]);
        match &node.data {
            NodeData::Element(e) => {
                println!(
                    "{pad}<{}> {} {} {:?}",
                    format!("{:?}", e.name).to_lowercase(),
                    dom.class_id(i),
                    if e.hidden { "HIDDEN" } else { "" },
                    (
                        dom.attr(i, AttrName::Href),
                        dom.attr(i, AttrName::Role).map(str::to_ascii_lowercase),
                        dom.attr(i, AttrName::Itemprop).map(str::to_ascii_lowercase)
                    )
                );
            }
            NodeData::Text(_) => {
                println!("{pad}{:?}", dom.text(i).unwrap_or(""));
            }
        }
    }
    Ok(())
}
