//! Estimating the nesting depth of the expression trees the parser will build, from the
//! token stream alone (an operator-precedence pass). Used to reject "too complex" input
//! before the recursive parser runs, like CPython's RecursionError during compilation.

/// Precedences (higher binds tighter).
pub const P_LAMBDA: u8 = 0;
pub const P_TEST: u8 = 1;
pub const P_OR: u8 = 2;
pub const P_AND: u8 = 3;
pub const P_NOT: u8 = 4;
pub const P_CMP: u8 = 5;
pub const P_BOR: u8 = 6;
pub const P_BXOR: u8 = 7;
pub const P_BAND: u8 = 8;
pub const P_SHIFT: u8 = 9;
pub const P_ARITH: u8 = 10;
pub const P_TERM: u8 = 11;
pub const P_UNARY: u8 = 12;
pub const P_POWER: u8 = 13;
pub const P_AWAIT: u8 = 14;

#[derive(Clone, Copy)]
struct Op {
    prec: u8,

    unary: bool,
}

#[derive(Default)]
struct Frame {
    operands: Vec<u32>,
    ops: Vec<Op>,
    /// Deepest finished item (comma-separated) in this bracket.
    max_item: u32,
    /// `lambda`s whose parameter list has not ended yet.
    lambda_params: u32,
    /// The bracket is a call or subscript applied to the previous operand.
    postfix: bool,
    /// Depth contributed by the enclosing frames.
    base: u32,
}

pub struct Estimator {
    frames: Vec<Frame>,
    expect_operand: bool,
    limit: u32,
    pub exceeded: bool,
}

impl Estimator {
    pub fn new(limit: u32, base: u32) -> Self {
        Estimator {
            frames: vec![Frame {
                base,
                ..Frame::default()
            }],
            expect_operand: true,
            limit,
            exceeded: false,
        }
    }

    pub fn expect_operand(&self) -> bool {
        self.expect_operand
    }

    /// Current total depth (enclosing frames and pending operators included).
    pub fn current_depth(&self) -> u32 {
        let f = self.frames.last().expect("frame");
        f.base + f.ops.len() as u32 + f.operands.iter().copied().max().unwrap_or(0)
    }

    fn check(&mut self, d: u32) {
        let f = self.frames.last().expect("frame");
        if f.base + f.ops.len() as u32 + d > self.limit {
            self.exceeded = true;
        }
    }

    fn frame(&mut self) -> &mut Frame {
        self.frames.last_mut().expect("frame")
    }

    fn reduce_one(&mut self) {
        let f = self.frame();
        let Some(op) = f.ops.pop() else { return };
        let d = if op.unary {
            f.operands.pop().unwrap_or(0) + 1
        } else {
            let b = f.operands.pop().unwrap_or(0);
            let a = f.operands.pop().unwrap_or(0);
            a.max(b) + 1
        };
        f.operands.push(d);
        self.check(d);
    }

    pub fn operand(&mut self) {
        if !self.expect_operand {
            // Juxtaposed operands (string concatenation, soft keywords): same depth.
            return;
        }
        self.frame().operands.push(1);
        self.expect_operand = false;
        self.check(1);
    }

    pub fn binary(&mut self, prec: u8, right: bool) {
        if self.expect_operand {
            // Malformed; treat as prefix.
            self.prefix(prec);
            return;
        }
        while let Some(top) = self.frames.last().and_then(|f| f.ops.last()).copied() {
            if top.prec > prec || (top.prec == prec && !right) {
                self.reduce_one();
            } else {
                break;
            }
        }
        self.frame().ops.push(Op { prec, unary: false });
        self.expect_operand = true;
        let d = self
            .frames
            .last()
            .map(|f| f.operands.last().copied().unwrap_or(0))
            .unwrap_or(0);
        self.check(d);
    }

    pub fn prefix(&mut self, prec: u8) {
        self.frame().ops.push(Op { prec, unary: true });
        self.expect_operand = true;
        self.check(0);
    }

    pub fn lambda(&mut self) {
        self.prefix(P_LAMBDA);
        self.frame().lambda_params += 1;
    }

    /// `.name`: one more level on the last operand.
    pub fn attribute(&mut self) {
        if let Some(d) = self.frame().operands.last_mut() {
            *d += 1;
            let d = *d;
            self.check(d);
        }
        // The attribute name that follows is part of this operand (juxtaposed).
        self.expect_operand = false;
    }

    pub fn open(&mut self) {
        let postfix = !self.expect_operand;
        let f = self.frames.last().expect("frame");
        let base = f.base + f.ops.len() as u32 + 1;
        self.frames.push(Frame {
            postfix,
            base,
            ..Frame::default()
        });
        self.expect_operand = true;
        if base > self.limit {
            self.exceeded = true;
        }
    }

    fn finish_item(&mut self) {
        while self.frames.last().is_some_and(|f| !f.ops.is_empty()) {
            self.reduce_one();
        }
        let f = self.frame();
        let d = f.operands.iter().copied().max().unwrap_or(0);
        f.max_item = f.max_item.max(d);
        f.operands.clear();
    }

    pub fn close(&mut self) {
        if self.frames.len() <= 1 {
            self.separator();
            return;
        }
        self.finish_item();
        let f = self.frames.pop().expect("frame");
        let g = f.max_item + 1;
        let parent = self.frame();
        if f.postfix {
            match parent.operands.last_mut() {
                Some(d) => *d = (*d).max(g) + 1,
                None => parent.operands.push(g),
            }
        } else {
            parent.operands.push(g);
        }
        let d = *parent.operands.last().unwrap_or(&0);
        self.expect_operand = false;
        self.check(d);
    }

    /// `,` `;` `=` `for` ... : ends an item at this bracket level.
    pub fn separator(&mut self) {
        if self.frames.last().is_some_and(|f| f.lambda_params > 0) {
            self.expect_operand = true;
            return;
        }
        self.finish_item();
        self.expect_operand = true;
    }

    /// `:` ends a lambda parameter list, or an item (dict entries, slices, blocks).
    pub fn colon(&mut self) {
        if let Some(f) = self.frames.last_mut() {
            if f.lambda_params > 0 {
                f.lambda_params -= 1;
                // Drop what was parsed as parameters (defaults) but keep the lambda.
                self.expect_operand = true;
                return;
            }
        }
        self.separator();
    }

    /// End of a logical line.
    pub fn newline(&mut self) {
        self.frames.truncate(1);
        let f = self.frame();
        f.ops.clear();
        f.operands.clear();
        f.lambda_params = 0;
        f.max_item = 0;
        self.expect_operand = true;
    }
}
