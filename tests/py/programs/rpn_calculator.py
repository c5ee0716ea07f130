# A tokenizer, shunting-yard parser and RPN evaluator for arithmetic expressions.
import operator
OPS = {"+": (1, "L", operator.add), "-": (1, "L", operator.sub), "*": (2, "L", operator.mul),
       "/": (2, "L", operator.truediv), "//": (2, "L", operator.floordiv), "%": (2, "L", operator.mod), "^": (3, "R", operator.pow)}
def tokenize(s):
    tokens, i = [], 0
    while i < len(s):
        c = s[i]
        if c.isspace():
            i += 1
        elif c.isdigit() or c == ".":
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] == "."):
                j += 1
            text = s[i:j]
            tokens.append(float(text) if "." in text else int(text))
            i = j
        elif s.startswith("//", i):
            tokens.append("//")
            i += 2
        elif c in "+-*/%^()":
            tokens.append(c)
            i += 1
        else:
            raise SyntaxError(f"unexpected character {c!r} at {i}")
    return tokens
def to_rpn(tokens):
    out, stack = [], []
    for t in tokens:
        if isinstance(t, (int, float)):
            out.append(t)
        elif t in OPS:
            p, assoc, _ = OPS[t]
            while stack and stack[-1] in OPS:
                q = OPS[stack[-1]][0]
                if q > p or (q == p and assoc == "L"):
                    out.append(stack.pop())
                else:
                    break
            stack.append(t)
        elif t == "(":
            stack.append(t)
        elif t == ")":
            while stack and stack[-1] != "(":
                out.append(stack.pop())
            if not stack:
                raise SyntaxError("unbalanced ')'")
            stack.pop()
    while stack:
        t = stack.pop()
        if t == "(":
            raise SyntaxError("unbalanced '('")
        out.append(t)
    return out
def evaluate(rpn):
    st = []
    for t in rpn:
        if t in OPS:
            b, a = st.pop(), st.pop()
            st.append(OPS[t][2](a, b))
        else:
            st.append(t)
    if len(st) != 1:
        raise ValueError("malformed expression")
    return st[0]
for expr in ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "100 // 7 % 4", "7 / 2", "2 ^ 100", "((4))", "1.5 * 4 - 0.5",
             "10 - 4 - 3", "3 + ", "(1 + 2", "1 + 2)", "5 / 0", "2 $ 3", "-1"]:
    try:
        rpn = to_rpn(tokenize(expr))
        print(f"{expr!r:>16} -> {' '.join(map(str, rpn)):<24} = {evaluate(rpn)!r}")
    except (SyntaxError, ValueError, ZeroDivisionError, IndexError) as e:
        print(f"{expr!r:>16} -> {type(e).__name__}: {e}")
