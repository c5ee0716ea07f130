# A hand-written JSON encoder/decoder checked against the json module.
import json
def encode(v, indent=0):
    pad = "  " * indent
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        out = ['"']
        for ch in v:
            if ch in '"\\':
                out.append("\\" + ch)
            elif ch == "\n":
                out.append("\\n")
            elif ord(ch) < 0x20 or ord(ch) > 0x7e:
                out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else "".join(f"\\u{u:04x}" for u in divmod(ord(ch) - 0x10000, 0x400) and ((0xD800 + (ord(ch) - 0x10000) // 0x400), (0xDC00 + (ord(ch) - 0x10000) % 0x400))))
            else:
                out.append(ch)
        out.append('"')
        return "".join(out)
    if isinstance(v, (list, tuple)):
        if not v:
            return "[]"
        inner = (",\n" + pad + "  ").join(encode(x, indent + 1) for x in v)
        return "[\n" + pad + "  " + inner + "\n" + pad + "]"
    if isinstance(v, dict):
        if not v:
            return "{}"
        inner = (",\n" + pad + "  ").join(encode(str(k)) + ": " + encode(x, indent + 1) for k, x in v.items())
        return "{\n" + pad + "  " + inner + "\n" + pad + "}"
    raise TypeError(f"cannot encode {type(v).__name__}")
class Decoder:
    def __init__(self, s):
        self.s, self.i = s, 0
    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \n\t\r":
            self.i += 1
    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            obj = {}
            self.ws()
            if self.s[self.i] == "}":
                self.i += 1
                return obj
            while True:
                self.ws()
                k = self.value()
                self.ws()
                assert self.s[self.i] == ":", self.i
                self.i += 1
                obj[k] = self.value()
                self.ws()
                if self.s[self.i] == ",":
                    self.i += 1
                    continue
                assert self.s[self.i] == "}"
                self.i += 1
                return obj
        if c == "[":
            self.i += 1
            arr = []
            self.ws()
            if self.s[self.i] == "]":
                self.i += 1
                return arr
            while True:
                arr.append(self.value())
                self.ws()
                if self.s[self.i] == ",":
                    self.i += 1
                    continue
                self.i += 1
                return arr
        if c == '"':
            j = self.i + 1
            buf = []
            while self.s[j] != '"':
                if self.s[j] == "\\":
                    esc = self.s[j + 1]
                    if esc == "u":
                        buf.append(chr(int(self.s[j + 2:j + 6], 16)))
                        j += 6
                        continue
                    buf.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/"}[esc])
                    j += 2
                else:
                    buf.append(self.s[j])
                    j += 1
            self.i = j + 1
            return "".join(buf).encode("utf-16", "surrogatepass").decode("utf-16")
        for lit, val in (("null", None), ("true", True), ("false", False)):
            if self.s.startswith(lit, self.i):
                self.i += len(lit)
                return val
        j = self.i
        while j < len(self.s) and self.s[j] in "+-0123456789.eE":
            j += 1
        text = self.s[self.i:j]
        self.i = j
        return float(text) if any(ch in text for ch in ".eE") else int(text)
doc = {"name": "Pyrite", "version": [0, 1, 0], "ok": True, "none": None, "pi": 3.14159, "big": 2 ** 70,
       "text": 'quote " backslash \\ newline \n unicode é 😀', "nested": {"empty_list": [], "empty_obj": {}, "neg": -1.5e-7}}
mine = encode(doc)
print(mine)
back = Decoder(mine).value()
print(back == doc, json.loads(mine) == doc)
print(json.dumps(doc, sort_keys=True))
print(json.dumps(doc, indent=2, ensure_ascii=False)[:120])
print(Decoder(json.dumps(doc)).value() == doc)
for bad in ['{"a": }', "[1, 2", '{"a" 1}', "tru", "01", '"unterminated']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print("JSONDecodeError:", e.msg, e.pos, e.lineno, e.colno)
print(json.dumps([1.0, float("inf"), -0.0, 1e100, "é"]), json.dumps({"b": 1, "a": [None]}, separators=(",", ":")))
