# The node classes of the ast module: construction rules, optional fields, dump,
# unparse, copying, pattern matching on nodes; and the modules that import ast.
import ast, copy

print(ast.Return().value, hasattr(ast.Module(), "body"), ast.Return().__dict__)
try:
    ast.Module(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
n = ast.Name("x", ast.Load(), lineno=3, col_offset=4)
print(n.id, type(n.ctx).__name__, n.lineno, n.col_offset, n._fields, ast.Name._attributes)
print(ast.Name.__match_args__, ast.Name.__module__, ast.AST.__module__)
print([c.__name__ for c in ast.Load.__mro__])
tree = ast.BinOp(ast.Constant(1), ast.Add(), ast.BinOp(ast.Name("a", ast.Load()), ast.Mult(), ast.Constant(2.5)))
print(ast.dump(tree))
print(ast.unparse(tree))
c = copy.deepcopy(tree)
print(c is not tree, ast.dump(c) == ast.dump(tree))
match tree:
    case ast.BinOp(ast.Constant(value=v), ast.Add(), right):
        print("matched", v, type(right).__name__)
print([type(x).__name__ for x in ast.walk(tree)])
print(isinstance(n, ast.expr), issubclass(ast.Add, ast.operator), ast.PyCF_ONLY_AST)

import dataclasses, inspect, pprint
@dataclasses.dataclass(order=True)
class Point:
    x: int
    y: int = 0
print(Point(1, 2), Point(1) < Point(2), dataclasses.asdict(Point(3, 4)))
print(inspect.signature(Point), inspect.isclass(Point))
pprint.pprint({"numbers": list(range(30)), "nested": {"a": [1, 2], "b": "text"}}, width=60)
