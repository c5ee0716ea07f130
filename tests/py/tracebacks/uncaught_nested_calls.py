# Traceback through several function and method calls, with 3.11 position carets.
class Parser:
    def __init__(self, text):
        self.text = text
    def parse(self):
        return [self.parse_item(part) for part in self.text.split(",")]
    def parse_item(self, part):
        return int(part.strip())
def load(text):
    parser = Parser(text)
    return parser.parse()
def main():
    print(load("1, 2, 3"))
    print(load("4, five, 6"))
main()
