//! A label's PDF from a document made once per page size and logo placement.
//!
//! printpdf makes that document once: both common faces embedded with widths and
//! ToUnicode maps for the whole common set, the logo images, the page tree. Each
//! label then puts only its own content stream and title in a copy and lets lopdf
//! write it, instead of printpdf building and writing every object again. The content
//! stream is the one printpdf writes for the same operations (a test compares them
//! byte for byte), so both ways print the same label.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::content::{Content, Operation};
use lopdf::{Object, StringFormat};
use printpdf::{
    Color, CurTransMat, FontId, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfSaveOptions, Pt, Px, TextItem, XObjectId,
};

use super::{add_logo, logo_pixels, page_ops, pdf_page};
use crate::draw::{Mark, Scene};
use crate::fonts::{self, Fonts};
use crate::template::{BoxMm, Weight};

/// What the document depends on: the page's size and where logos are, as bits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    width: u32,
    height: u32,
    logos: Vec<[u32; 4]>,
}

impl Key {
    fn of(scene: &Scene) -> Self {
        Key {
            width: scene.width_mm.to_bits(),
            height: scene.height_mm.to_bits(),
            logos: logos(scene)
                .map(|b| [b.x, b.y, b.width, b.height].map(f32::to_bits))
                .collect(),
        }
    }
}

fn logos(scene: &Scene) -> impl Iterator<Item = &BoxMm> {
    scene.marks.iter().filter_map(|mark| match mark {
        Mark::Logo(b) => Some(b),
        _ => None,
    })
}

/// The document made once for labels of one size and logo placement.
pub(super) struct Prepared {
    /// The file as lopdf writes it up to where the label's own objects go: the
    /// header and every object that is the same on each label.
    head: Vec<u8>,
    /// Where each object of `head` starts, by object number (0 for numbers unused).
    offsets: Vec<usize>,
    /// The numbers of the page's content stream and of the document information,
    /// the two objects each label writes after `head`.
    contents: u32,
    info: u32,
    root: u32,
    regular: FontId,
    bold: FontId,
    /// The logo image made for each logo box, with its size in pixels.
    logos: Vec<(BoxMm, XObjectId, (Px, Px))>,
}

/// The document for `scene`'s size and logos, made on first use and kept; `None` if
/// printpdf's document is not shaped as expected (the label is then made whole).
pub(super) fn prepared(scene: &Scene, fonts: &Fonts) -> Option<Arc<Prepared>> {
    static MADE: OnceLock<Mutex<HashMap<Key, Arc<Prepared>>>> = OnceLock::new();
    let key = Key::of(scene);
    let made = MADE.get_or_init(Default::default);
    if let Some(prepared) = made.lock().ok()?.get(&key) {
        return Some(prepared.clone());
    }
    let prepared = Arc::new(Prepared::new(scene, fonts)?);
    made.lock().ok()?.insert(key, prepared.clone());
    Some(prepared)
}

impl Prepared {
    fn new(scene: &Scene, fonts: &Fonts) -> Option<Self> {
        let mut doc = PdfDocument::new("");
        let regular = doc.add_font(&fonts.face(Weight::Regular).common);
        let bold = doc.add_font(&fonts.face(Weight::Bold).common);
        let mut made = Vec::new();
        for b in logos(scene) {
            let id = add_logo(&mut doc, b).ok()?;
            let (w, h) = logo_pixels(b);
            made.push((*b, id, (Px(w as usize), Px(h as usize))));
        }
        // The page uses every character of the common set in both faces, so the
        // faces' widths and ToUnicode maps cover whatever a label says.
        let all: String = fonts::common_set().collect();
        let mut ops = vec![Op::StartTextSection];
        for font in [&regular, &bold] {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(10.0),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(all.clone())],
            });
        }
        ops.push(Op::EndTextSection);
        let doc = doc.with_pages(vec![pdf_page(scene, ops)]);
        let options = PdfSaveOptions {
            optimize: false,
            subset_fonts: false,
            ..PdfSaveOptions::default()
        };
        let mut doc = printpdf::to_lopdf_doc(doc, &options, &mut Vec::new());

        // The content stream and the information dictionary leave the document: each
        // label writes its own, numbered after every object that stays.
        let reference = |object: Result<&Object, lopdf::Error>| object.ok()?.as_reference().ok();
        let page = *doc.get_pages().values().next()?;
        let old_contents = reference(doc.get_dictionary(page).ok()?.get(b"Contents"))?;
        let old_info = reference(doc.trailer.get(b"Info"))?;
        let root = reference(doc.trailer.get(b"Root"))?.0;
        doc.objects.remove(&old_contents)?;
        doc.objects.remove(&old_info)?;
        let (contents, info) = (doc.max_id + 1, doc.max_id + 2);
        doc.get_dictionary_mut(page)
            .ok()?
            .set("Contents", Object::Reference((contents, 0)));
        doc.trailer.remove(b"Info");
        doc.trailer.remove(b"ID");

        let mut file = Vec::new();
        doc.save_to(&mut file).ok()?;
        let (head, offsets) = head_and_offsets(file)?;
        Some(Prepared {
            head,
            offsets,
            contents,
            info,
            root,
            regular,
            bold,
            logos: made,
        })
    }

    /// The label's file: `scene`'s marks after the document's head.
    pub(super) fn render(&self, scene: &Scene, fonts: &Fonts, title: &str) -> Option<Vec<u8>> {
        let ops = page_ops(scene, (&self.regular, &self.bold), |b| {
            self.logos
                .iter()
                .find(|(made, ..)| made == b)
                .map(|(_, id, _)| id.clone())
                .ok_or(crate::LabelError::LogoUnreadable)
        })
        .ok()?;
        let content = self.content(&ops, fonts)?;
        let mut id = std::collections::hash_map::DefaultHasher::new();
        (title, &content).hash(&mut id);
        let id = format!("{:032x}", u128::from(id.finish()) << 64 | content.len() as u128);

        let mut out = Vec::with_capacity(self.head.len() + content.len() + 2048);
        out.extend_from_slice(&self.head);
        let contents_at = out.len();
        write!(out, "{} 0 obj\n<</Length {}>>\nstream\n", self.contents, content.len()).ok()?;
        out.extend_from_slice(&content);
        out.extend_from_slice(b"\nendstream\nendobj\n");
        let info_at = out.len();
        write!(out, "{} 0 obj\n<</Title <", self.info).ok()?;
        for unit in [0xFEFF].into_iter().chain(title.encode_utf16()) {
            write!(out, "{unit:04X}").ok()?;
        }
        out.extend_from_slice(b">>>\nendobj\n");

        // One cross-reference section for every object number, unused ones free.
        let xref_at = out.len();
        let size = self.info as usize + 1;
        write!(out, "xref\n0 {size}\n0000000000 65535 f \n").ok()?;
        for n in 1..size {
            let offset = match n {
                n if n == self.contents as usize => contents_at,
                n if n == self.info as usize => info_at,
                n => self.offsets.get(n).copied().unwrap_or(0),
            };
            if offset == 0 {
                out.extend_from_slice(b"0000000000 00000 f \n");
            } else {
                writeln!(out, "{offset:010} 00000 n ").ok()?;
            }
        }
        write!(
            out,
            "trailer\n<</Size {size}/Root {} 0 R/Info {} 0 R/ID[({id})({id})]>>\nstartxref\n{xref_at}\n%%EOF",
            self.root, self.info
        )
        .ok()?;
        Some(out)
    }

    /// The content stream printpdf writes for `ops`, for the operations a label
    /// uses; `None` for any other.
    fn content(&self, ops: &[Op], fonts: &Fonts) -> Option<Vec<u8>> {
        let real = |f: f32| Object::Real(f);
        let mut face: Option<&ParsedFont> = None;
        let mut out = Vec::with_capacity(ops.len() * 2);
        for op in ops {
            match op {
                Op::SetFillColor {
                    col: col @ Color::Greyscale(_),
                } => {
                    out.push(Operation::new("g", col.into_vec().into_iter().map(real).collect()));
                }
                Op::DrawRectangle { rectangle: r } => {
                    out.push(Operation::new(
                        "re",
                        vec![r.x.into(), r.y.into(), r.width.into(), r.height.into()],
                    ));
                    out.push(Operation::new("f", vec![]));
                }
                Op::StartTextSection => out.push(Operation::new("BT", vec![])),
                Op::EndTextSection => out.push(Operation::new("ET", vec![])),
                Op::SetFont {
                    font: PdfFontHandle::External(font),
                    size,
                } => {
                    let weight = if *font == self.regular {
                        Weight::Regular
                    } else if *font == self.bold {
                        Weight::Bold
                    } else {
                        return None;
                    };
                    face = Some(&fonts.face(weight).common);
                    out.push(Operation::new(
                        "Tf",
                        vec![Object::Name(font.0.as_bytes().to_vec()), size.0.into()],
                    ));
                }
                Op::SetTextCursor { pos } => {
                    out.push(Operation::new("Td", vec![pos.x.0.into(), pos.y.0.into()]));
                }
                Op::ShowText { items } => {
                    let [TextItem::Text(text)] = items.as_slice() else {
                        return None;
                    };
                    let face = face?;
                    let gids = text
                        .chars()
                        .flat_map(|c| face.lookup_glyph_index(c as u32).unwrap_or(0).to_be_bytes())
                        .collect();
                    out.push(Operation::new(
                        "Tj",
                        vec![Object::String(gids, StringFormat::Hexadecimal)],
                    ));
                }
                Op::UseXobject { id, transform } => {
                    let (.., size) = self.logos.iter().find(|(_, made, _)| made == id)?;
                    let mut t = CurTransMat::Identity;
                    for q in transform.get_ctms(Some(*size)) {
                        t = CurTransMat::Raw(CurTransMat::combine_matrix(t.as_array(), q.as_array()));
                    }
                    out.push(Operation::new("q", vec![]));
                    out.push(Operation::new("cm", t.as_array().into_iter().map(real).collect()));
                    out.push(Operation::new("Do", vec![Object::Name(id.0.as_bytes().to_vec())]));
                    out.push(Operation::new("Q", vec![]));
                }
                _ => return None,
            }
        }
        Content { operations: out }.encode().ok()
    }
}

/// The file lopdf wrote cut before its cross-reference table, and the offset of
/// each object from that table.
pub(super) fn head_and_offsets(mut file: Vec<u8>) -> Option<(Vec<u8>, Vec<usize>)> {
    let text = String::from_utf8_lossy(&file[file.len().saturating_sub(64)..]).into_owned();
    let start: usize = text
        .rsplit("startxref")
        .next()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let table = String::from_utf8_lossy(file.get(start..)?).into_owned();
    let mut words = table.split_whitespace();
    if words.next()? != "xref" {
        return None;
    }
    let mut offsets = Vec::new();
    // Sections of "first count" then count entries of "offset generation n|f".
    while let Some(first) = words.next().and_then(|w| w.parse::<usize>().ok()) {
        let count: usize = words.next()?.parse().ok()?;
        for n in first..first + count {
            let (offset, _generation, kind) = (words.next()?, words.next()?, words.next()?);
            if offsets.len() <= n {
                offsets.resize(n + 1, 0);
            }
            offsets[n] = if kind == "n" { offset.parse().ok()? } else { 0 };
        }
    }
    file.truncate(start);
    Some((file, offsets))
}
