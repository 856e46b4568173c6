//! The page tree, walked by us rather than by lopdf: its /Count is a
//! claim a crafted file can make absurd (lopdf sizes its page list by it),
//! and a /Kids entry may point back up the tree. Each node is visited
//! once, the depth and the number of pages are bounded, and the deadline
//! is asked as the walk goes.

use std::collections::HashSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::limits::{self, MAX_PAGES, MAX_PAGE_TREE_DEPTH};
use crate::pdf::objects;

/// Why the page tree could not be walked.
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TreeError {
    /// More pages than [`MAX_PAGES`].
    TooManyPages,
    /// The per-file deadline passed during the walk.
    Expired,
}

/// The page objects in reading order, each once.
pub fn pages(doc: &Document) -> Result<Vec<ObjectId>, TreeError> {
    let Some(root) = root_reference(doc) else {
        return Ok(Vec::new());
    };
    let mut walk = Walk {
        doc,
        seen: HashSet::from([root]),
        pages: Vec::new(),
        steps: 0,
    };
    match node_kind(doc, root) {
        Node::Pages(kids) => walk.kids(kids, 1)?,
        Node::Page => walk.pages.push(root),
        Node::Other => {}
    }
    Ok(walk.pages)
}

/// The page tree's root: the object the catalogue's /Pages names.
pub fn root_reference(doc: &Document) -> Option<ObjectId> {
    let catalog = doc.catalog().ok()?;
    match catalog.get(b"Pages").ok()? {
        Object::Reference(id) => Some(*id),
        _ => None,
    }
}

enum Node<'d> {
    Pages(&'d [Object]),
    Page,
    /// Neither: an annotation, a font, … listed among the kids by mistake.
    Other,
}

/// What a kid is. A node with /Kids is an inner node whatever its /Type
/// says; an object that cannot be read stands in for a page, so that the
/// page numbers after it stay right (the page then fails on its own).
fn node_kind(doc: &Document, id: ObjectId) -> Node<'_> {
    let Ok(dict) = doc.get_dictionary(id) else {
        return Node::Page;
    };
    if let Some(kids) = kids(doc, dict) {
        return Node::Pages(kids);
    }
    match objects::get_name(doc, dict, b"Type") {
        Some(b"Page") | None => Node::Page,
        Some(_) => Node::Other,
    }
}

fn kids<'d>(doc: &'d Document, dict: &'d Dictionary) -> Option<&'d [Object]> {
    if objects::get_name(doc, dict, b"Type").is_some_and(|t| t == b"Page") {
        return None;
    }
    objects::get_array(doc, dict, b"Kids")
}

struct Walk<'d> {
    doc: &'d Document,
    seen: HashSet<ObjectId>,
    pages: Vec<ObjectId>,
    steps: usize,
}

impl<'d> Walk<'d> {
    /// Depth-first, left to right, with an explicit stack so that a deep
    /// tree cannot exhaust the thread's stack.
    fn kids(&mut self, kids: &'d [Object], depth: usize) -> Result<(), TreeError> {
        let mut stack: Vec<(std::slice::Iter<'d, Object>, usize)> = vec![(kids.iter(), depth)];
        while let Some((iter, depth)) = stack.last_mut() {
            let depth = *depth;
            let Some(kid) = iter.next() else {
                stack.pop();
                continue;
            };
            self.step()?;
            let Object::Reference(id) = kid else { continue };
            if !self.seen.insert(*id) {
                continue;
            }
            match node_kind(self.doc, *id) {
                Node::Pages(kids) if depth < MAX_PAGE_TREE_DEPTH => {
                    stack.push((kids.iter(), depth + 1));
                }
                Node::Pages(_) | Node::Other => {}
                Node::Page => {
                    if self.pages.len() >= MAX_PAGES {
                        return Err(TreeError::TooManyPages);
                    }
                    self.pages.push(*id);
                }
            }
        }
        Ok(())
    }

    fn step(&mut self) -> Result<(), TreeError> {
        self.steps += 1;
        if limits::expired_at(self.steps) {
            return Err(TreeError::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    const CATALOG: u32 = u32::MAX - 1;

    /// A document whose page tree is `tree`: (node id, kids) for inner
    /// nodes; every other id named as a kid is a page.
    fn document(tree: &[(u32, &[u32])], count: i64) -> Document {
        let mut doc = Document::with_version("1.7");
        let inner: HashSet<u32> = tree.iter().map(|(id, _)| *id).collect();
        for (id, kids) in tree {
            let kids: Vec<Object> = kids.iter().map(|k| Object::Reference((*k, 0))).collect();
            doc.objects.insert(
                (*id, 0),
                Object::Dictionary(
                    dictionary! {"Type" => "Pages", "Kids" => kids, "Count" => count},
                ),
            );
            for kid in tree.iter().flat_map(|(_, k)| k.iter()) {
                if !inner.contains(kid) {
                    doc.objects.insert(
                        (*kid, 0),
                        Object::Dictionary(dictionary! {"Type" => "Page"}),
                    );
                }
            }
        }
        doc.objects.insert(
            (CATALOG, 0),
            Object::Dictionary(
                dictionary! {"Type" => "Catalog", "Pages" => Object::Reference((tree[0].0, 0))},
            ),
        );
        doc.trailer.set("Root", Object::Reference((CATALOG, 0)));
        doc
    }

    fn ids(pages: &[ObjectId]) -> Vec<u32> {
        pages.iter().map(|id| id.0).collect()
    }

    #[test]
    fn pages_come_in_tree_order_whatever_count_claims() {
        let doc = document(&[(1, &[2, 3]), (3, &[4, 5]), (5, &[6])], 2_147_483_647);
        assert_eq!(ids(&pages(&doc).unwrap()), vec![2, 4, 6]);
    }

    #[test]
    fn a_kid_pointing_back_up_the_tree_is_visited_once() {
        let doc = document(&[(1, &[3]), (3, &[4, 5, 1, 3, 4])], 2);
        assert_eq!(ids(&pages(&doc).unwrap()), vec![4, 5]);
    }

    #[test]
    fn more_pages_than_the_limit_are_refused() {
        let kids: Vec<u32> = (2..(MAX_PAGES as u32 + 3)).collect();
        let doc = document(&[(1, &kids)], 1);
        assert!(matches!(pages(&doc), Err(TreeError::TooManyPages)));
    }

    #[test]
    fn a_deep_tree_is_cut_at_the_depth_limit() {
        let chain: Vec<(u32, Vec<u32>)> = (1..200).map(|i| (i, vec![i + 1, 5000 + i])).collect();
        let tree: Vec<(u32, &[u32])> = chain.iter().map(|(i, k)| (*i, k.as_slice())).collect();
        let got = pages(&document(&tree, 1)).unwrap();
        assert_eq!(got.len(), MAX_PAGE_TREE_DEPTH);
    }

    #[test]
    fn an_expired_deadline_stops_the_walk() {
        let kids: Vec<u32> = (2..20_000).collect();
        let doc = document(&[(1, &kids)], 1);
        let _deadline = limits::start_deadline(Some(std::time::Duration::ZERO));
        assert!(matches!(pages(&doc), Err(TreeError::Expired)));
    }
}
