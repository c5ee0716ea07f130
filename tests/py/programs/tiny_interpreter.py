# An interpreter for a tiny Lisp: tokenizer, reader, environments, closures, recursion.
import operator as op
def tokenize(src):
    return src.replace("(", " ( ").replace(")", " ) ").split()
def read(tokens):
    tok = tokens.pop(0)
    if tok == "(":
        lst = []
        while tokens[0] != ")":
            lst.append(read(tokens))
        tokens.pop(0)
        return lst
    if tok == ")":
        raise SyntaxError("unexpected )")
    try:
        return int(tok)
    except ValueError:
        try:
            return float(tok)
        except ValueError:
            return tok
class Env(dict):
    def __init__(self, params=(), args=(), outer=None):
        super().__init__(zip(params, args))
        self.outer = outer
    def find(self, name):
        if name in self:
            return self
        if self.outer is None:
            raise NameError(f"undefined symbol {name!r}")
        return self.outer.find(name)
GLOBAL = Env()
GLOBAL.update({"+": op.add, "-": op.sub, "*": op.mul, "/": op.truediv, "<": op.lt, ">": op.gt, "=": op.eq, "<=": op.le,
               "list": lambda *a: list(a), "car": lambda l: l[0], "cdr": lambda l: l[1:], "cons": lambda a, l: [a] + l,
               "null?": lambda l: l == [], "mod": op.mod})
class Lambda:
    def __init__(self, params, body, env):
        self.params, self.body, self.env = params, body, env
    def __call__(self, *args):
        return evaluate(self.body, Env(self.params, args, self.env))
def evaluate(x, env=GLOBAL):
    if isinstance(x, str):
        return env.find(x)[x]
    if not isinstance(x, list):
        return x
    head = x[0]
    if head == "quote":
        return x[1]
    if head == "if":
        return evaluate(x[2] if evaluate(x[1], env) else x[3], env)
    if head == "define":
        env[x[1]] = evaluate(x[2], env)
        return None
    if head == "lambda":
        return Lambda(x[1], x[2], env)
    if head == "begin":
        r = None
        for e in x[1:]:
            r = evaluate(e, env)
        return r
    f = evaluate(head, env)
    return f(*[evaluate(a, env) for a in x[1:]])
def lisp_str(v):
    if isinstance(v, list):
        return "(" + " ".join(map(lisp_str, v)) + ")"
    return str(v)
program = [
    "(define fact (lambda (n) (if (<= n 1) 1 (* n (fact (- n 1))))))",
    "(fact 20)",
    "(fact 30)",
    "(define fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))",
    "(fib 15)",
    "(define map (lambda (f l) (if (null? l) (quote ()) (cons (f (car l)) (map f (cdr l))))))",
    "(map fact (list 1 2 3 4 5))",
    "(define make-adder (lambda (n) (lambda (x) (+ x n))))",
    "(define add5 (make-adder 5))",
    "(add5 37)",
    "(map (make-adder 10) (quote (1 2 3)))",
    "(begin (define x 3) (* x x))",
    "(/ 7 2)",
    "(undefined-fn 1)",
    "(car (quote ()))",
    "(+ 1 (quote a))",
    ")",
]
for line in program:
    try:
        result = evaluate(read(tokenize(line)))
        if result is not None:
            print(f"{line[:40]:<42} => {lisp_str(result)}")
    except (NameError, IndexError, TypeError, SyntaxError) as e:
        print(f"{line[:40]:<42} !! {type(e).__name__}: {e}")
