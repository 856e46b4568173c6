//! The content-stream interpreter: runs a page's operators and yields its
//! glyphs (text, box, size) and ruling segments in page coordinates.
//!
//! Only what positions text and draws rulings is modelled: the graphics
//! state stack, the CTM, the text state and matrices, paths, and Form
//! XObjects. Colour, clipping and images' pixels are ignored.

use std::sync::Arc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::limits::{
    self, MAX_ARRAY_ITEMS, MAX_DOCUMENT_GLYPHS, MAX_PAGE_GLYPHS, MAX_PAGE_OPERATORS,
    MAX_PAGE_SEGMENTS,
};
use crate::pdf::font::Font;
use crate::pdf::geometry::Matrix;
use crate::pdf::lexer::{Lexer, Operand, Token};
use crate::pdf::objects::{self, get_dict};
use crate::pdf::page::{Glyph, Segment};
use crate::pdf::rulings::Path;
use crate::pdf::Caches;

/// Form XObjects nested deeper than this are not drawn.
const MAX_FORM_DEPTH: usize = 12;
/// `q` nested deeper than this is ignored (its `Q` then restores less).
const MAX_STATE_DEPTH: usize = 256;
/// Operands kept before an operator; more are garbage.
const MAX_OPERANDS: usize = 64;
/// What the interpreter collected from one page.
#[derive(Debug, Default)]
pub struct Drawn {
    pub glyphs: Vec<Glyph>,
    pub segments: Vec<Segment>,
    pub images: u32,
    /// Set when a limit was hit and drawing stopped: what the limit is.
    pub overflow: Option<String>,
    /// Set when the per-file deadline passed and drawing stopped.
    pub expired: bool,
}

#[derive(Clone, Debug)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Arc<Font>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    /// Tz / 100.
    h_scale: f32,
    leading: f32,
    rise: f32,
}

impl GraphicsState {
    fn new(ctm: Matrix) -> GraphicsState {
        GraphicsState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

pub struct Interpreter<'d> {
    doc: &'d Document,
    caches: &'d Caches,
    /// Page width and height, to drop glyphs drawn off the page.
    bounds: (f32, f32),
    state: GraphicsState,
    stack: Vec<GraphicsState>,
    tm: Matrix,
    tlm: Matrix,
    path: Path,
    operators: usize,
    /// Tokens read, forms included: the deadline is asked every few thousand.
    tokens: usize,
    /// The most glyphs this page may still draw.
    glyph_limit: usize,
    /// Form XObjects being drawn, to refuse cycles.
    forms: Vec<ObjectId>,
    text: String,
    out: Drawn,
}

impl<'d> Interpreter<'d> {
    /// `page_matrix` maps user space to page coordinates (rotation, crop
    /// box and the y flip); `size` is the displayed page's width and height;
    /// drawing more than `glyph_limit` glyphs stops with an overflow.
    pub fn new(
        doc: &'d Document,
        caches: &'d Caches,
        page_matrix: Matrix,
        size: (f32, f32),
        glyph_limit: usize,
    ) -> Self {
        Interpreter {
            doc,
            caches,
            bounds: size,
            state: GraphicsState::new(page_matrix),
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Path::default(),
            operators: 0,
            tokens: 0,
            glyph_limit,
            forms: Vec::new(),
            text: String::new(),
            out: Drawn::default(),
        }
    }

    pub fn finish(self) -> Drawn {
        self.out
    }

    /// Run one content stream with its resources.
    pub fn run(&mut self, content: &[u8], resources: Option<&'d Dictionary>) {
        let mut lexer = Lexer::new(content);
        let mut operands: Vec<Operand> = Vec::with_capacity(8);
        while let Some(token) = lexer.next_token() {
            if self.stopped(&lexer) {
                return;
            }
            match token {
                Token::Operand(o) => {
                    if operands.len() < MAX_OPERANDS {
                        operands.push(o);
                    }
                }
                Token::Operator(b"BI") => {
                    lexer.skip_inline_image();
                    self.out.images += 1;
                    operands.clear();
                }
                Token::Operator(op) => {
                    self.operators += 1;
                    if self.operators > MAX_PAGE_OPERATORS {
                        self.out.overflow = Some(format!("{MAX_PAGE_OPERATORS} operators"));
                        return;
                    }
                    self.operator(op, &operands, resources);
                    operands.clear();
                }
            }
        }
    }

    /// Whether drawing must stop: a limit was hit, an array overflowed,
    /// or (asked every few thousand tokens) the file's time is up.
    fn stopped(&mut self, lexer: &Lexer) -> bool {
        if lexer.truncated && self.out.overflow.is_none() {
            self.out.overflow = Some(format!("{MAX_ARRAY_ITEMS} items in one array"));
        }
        self.tokens += 1;
        if limits::expired_at(self.tokens) {
            self.out.expired = true;
        }
        self.out.overflow.is_some() || self.out.expired
    }

    fn operator(&mut self, op: &[u8], args: &[Operand], resources: Option<&'d Dictionary>) {
        let n = |i: usize| args.get(i).and_then(Operand::number).unwrap_or(0.0);
        let ctm = self.state.ctm;
        match op {
            // Graphics state.
            b"q" if self.stack.len() < MAX_STATE_DEPTH => self.stack.push(self.state.clone()),
            b"Q" => {
                if let Some(state) = self.stack.pop() {
                    self.state = state;
                }
            }
            b"cm" => {
                if let Some(m) = matrix(args) {
                    self.state.ctm = m.then(&self.state.ctm);
                }
            }
            // Paths.
            b"m" => self.path.move_to(n(0), n(1), &ctm),
            b"l" => self.path.line_to(n(0), n(1), &ctm),
            b"c" => self.path.curve_to(n(4), n(5), &ctm),
            b"v" | b"y" => self.path.curve_to(n(2), n(3), &ctm),
            b"h" => self.path.close(),
            b"re" => self.path.rectangle(n(0), n(1), n(2), n(3), &ctm),
            b"S" | b"s" => self.paint(op == b"s", true, false),
            b"f" | b"F" | b"f*" => self.paint(false, false, true),
            b"B" | b"B*" => self.paint(false, true, true),
            b"b" | b"b*" => self.paint(true, true, true),
            b"n" => self.path.clear(),
            // Text objects and state.
            b"BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
            }
            b"Tc" => self.state.char_spacing = n(0),
            b"Tw" => self.state.word_spacing = n(0),
            b"Tz" => self.state.h_scale = n(0) / 100.0,
            b"TL" => self.state.leading = n(0),
            b"Ts" => self.state.rise = n(0),
            b"Tf" => self.set_font(args, resources),
            // Text positioning.
            b"Td" => self.next_line(n(0), n(1)),
            b"TD" => {
                self.state.leading = -n(1);
                self.next_line(n(0), n(1));
            }
            b"Tm" => {
                if let Some(m) = matrix(args) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"T*" => self.next_line(0.0, -self.state.leading),
            // Text showing.
            b"Tj" => self.show_operand(args.first()),
            b"TJ" => self.show_operand(args.first()),
            b"'" => {
                self.next_line(0.0, -self.state.leading);
                self.show_operand(args.first());
            }
            b"\"" => {
                self.state.word_spacing = n(0);
                self.state.char_spacing = n(1);
                self.next_line(0.0, -self.state.leading);
                self.show_operand(args.get(2));
            }
            b"Do" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.draw_xobject(name, resources);
                }
            }
            _ => {}
        }
    }

    fn paint(&mut self, close: bool, stroke: bool, fill: bool) {
        if close {
            self.path.close();
        }
        let before = self.out.segments.len();
        if stroke {
            self.path.stroke(&mut self.out.segments);
        }
        if fill {
            self.path.fill(&mut self.out.segments);
        }
        if self.out.segments.len() > MAX_PAGE_SEGMENTS {
            self.out.segments.truncate(before);
            self.out.overflow = Some(format!("{MAX_PAGE_SEGMENTS} ruling lines"));
        }
        self.path.clear();
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn set_font(&mut self, args: &[Operand], resources: Option<&'d Dictionary>) {
        if let Some(size) = args.get(1).and_then(Operand::number) {
            self.state.font_size = size;
        }
        let Some(Operand::Name(name)) = args.first() else {
            return;
        };
        self.state.font = resources
            .and_then(|r| get_dict(self.doc, r, b"Font"))
            .and_then(|fonts| fonts.get(name).ok())
            .and_then(|entry| self.caches.font(self.doc, entry));
    }

    fn show_operand(&mut self, operand: Option<&Operand>) {
        let Some(font) = self.state.font.clone() else {
            return;
        };
        let base = self.tm.then(&self.state.ctm);
        let mut offset = 0.0f32;
        match operand {
            Some(Operand::Str(bytes)) => offset = self.show(&font, &base, bytes, offset),
            Some(Operand::Array(items)) => {
                for item in items {
                    match item {
                        Operand::Str(bytes) => offset = self.show(&font, &base, bytes, offset),
                        Operand::Number(adjust) => {
                            let shift = -adjust / 1000.0 * self.state.font_size;
                            offset += if font.vertical {
                                shift
                            } else {
                                shift * self.state.h_scale
                            };
                        }
                        _ => {}
                    }
                }
            }
            _ => return,
        }
        let advance = if font.vertical {
            Matrix::translate(0.0, offset)
        } else {
            Matrix::translate(offset, 0.0)
        };
        self.tm = advance.then(&self.tm);
    }

    /// Show one string from `offset` (along the writing direction, in text
    /// space) and return the offset after it.
    fn show(&mut self, font: &Font, base: &Matrix, bytes: &[u8], mut offset: f32) -> f32 {
        let st = &self.state;
        let size = st.font_size;
        let scale = base.y_scale() * size.abs() * font.em_scale();
        let mut rest = bytes;
        while !rest.is_empty() {
            self.tokens += 1;
            if limits::expired_at(self.tokens) {
                self.out.expired = true;
                return offset;
            }
            self.text.clear();
            let code = font.next_code(rest, &mut self.text);
            rest = rest.get(code.len..).unwrap_or_default();
            let width = code.advance * size;
            let spacing = st.char_spacing
                + if code.word_space {
                    st.word_spacing
                } else {
                    0.0
                };
            let (box_, advance) = if font.vertical {
                let half = width / 2.0;
                let top = offset;
                let advance = -size + spacing;
                ([-half, top - size.abs(), half, top], advance)
            } else {
                let x0 = offset;
                let x1 = offset + width * st.h_scale;
                let y0 = st.rise + font.descent * size;
                let y1 = st.rise + font.ascent * size;
                ([x0, y0, x1, y1], (width + spacing) * st.h_scale)
            };
            if !self.text.trim().is_empty() {
                let [x0, y0, x1, y1] = base.bounds(box_[0], box_[1], box_[2], box_[3]);
                let (w, h) = self.bounds;
                // Keep what is at least partly visible, as viewers show it.
                if x1 > 0.0 && x0 < w && y1 > 0.0 && y0 < h {
                    if self.out.glyphs.len() >= self.glyph_limit {
                        self.out.overflow = Some(self.glyph_overflow());
                        return offset;
                    }
                    self.out.glyphs.push(Glyph {
                        text: self.text.clone(),
                        x0,
                        y0,
                        x1,
                        y1,
                        size: scale,
                    });
                }
            }
            offset += advance;
        }
        offset
    }

    /// The limit a page that draws too many glyphs hit.
    fn glyph_overflow(&self) -> String {
        if self.glyph_limit >= MAX_PAGE_GLYPHS {
            format!("{MAX_PAGE_GLYPHS} glyphs on a page")
        } else {
            format!("{MAX_DOCUMENT_GLYPHS} glyphs in a document")
        }
    }

    fn draw_xobject(&mut self, name: &[u8], resources: Option<&'d Dictionary>) {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| get_dict(doc, r, b"XObject"))
            .and_then(|x| x.get(name).ok())
        else {
            return;
        };
        let id = match entry {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        let Some(Object::Stream(stream)) = objects::resolve(doc, entry) else {
            return;
        };
        match objects::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") => self.draw_form(id, stream, resources),
            _ => {}
        }
    }

    fn draw_form(
        &mut self,
        id: Option<ObjectId>,
        stream: &'d lopdf::Stream,
        parent: Option<&'d Dictionary>,
    ) {
        if self.forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|id| self.forms.contains(&id)) {
            return;
        }
        let Some(content) = self.caches.form_content(id, stream) else {
            return;
        };
        let doc = self.doc;
        let resources = get_dict(doc, &stream.dict, b"Resources").or(parent);
        let form_matrix = objects::get_array(doc, &stream.dict, b"Matrix")
            .map(|a| objects::numbers(doc, a))
            .and_then(|v| {
                let v: Option<Vec<f32>> = v.into_iter().collect();
                v.and_then(|v| Matrix::from_slice(&v))
            })
            .unwrap_or(Matrix::IDENTITY);

        let saved_state = self.state.clone();
        let saved_stack = self.stack.len();
        let (saved_tm, saved_tlm) = (self.tm, self.tlm);
        self.state.ctm = form_matrix.then(&self.state.ctm);
        self.path.clear();
        self.forms.push(id.unwrap_or((0, 0)));
        self.run(&content, resources);
        self.forms.pop();
        self.stack.truncate(saved_stack);
        self.state = saved_state;
        self.tm = saved_tm;
        self.tlm = saved_tlm;
    }
}

fn matrix(args: &[Operand]) -> Option<Matrix> {
    match args {
        [a, b, c, d, e, f, ..] => Matrix::from_slice(&[
            a.number()?,
            b.number()?,
            c.number()?,
            d.number()?,
            e.number()?,
            f.number()?,
        ]),
        _ => None,
    }
}
