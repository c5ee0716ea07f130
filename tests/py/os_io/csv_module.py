# csv on the native _csv module: reading (quoting, escapes, multi-line fields,
# skipinitialspace, strict mode, QUOTE_NONNUMERIC), writing (every quoting mode,
# escapes, None/float/int fields), dialects and the registry, DictReader/DictWriter.
import csv
import io

rows = list(csv.reader(io.StringIO('a,b,c\r\n1,"2,x","say ""hi"""\r\n\r\n"multi\nline",z\n')))
print(rows)
r = csv.reader(['x;y', ' p; q', '"a";b'], delimiter=';', skipinitialspace=True)
print(list(r), r.line_num, r.dialect.delimiter)
print(list(csv.reader(['a\\,b,c'], escapechar='\\')))
print(list(csv.reader(['a,"b\\"c"'], escapechar='\\', doublequote=False)))
print(list(csv.reader(['1,"x",2.5,'], quoting=csv.QUOTE_NONNUMERIC)))
print(list(csv.reader(['a,"b', 'c"'])))
print(list(csv.reader(['"unterminated'])))
for bad, kw in ((['"a"b,c'], {'strict': True}), (['"unterminated'], {'strict': True}), (['a,b\rc'], {}), ([b'bytes'], {})):
    try:
        print(list(csv.reader(bad, **kw)))
    except csv.Error as e:
        print('Error', e)
try:
    list(csv.reader(['1,x'], quoting=csv.QUOTE_NONNUMERIC))
except ValueError as e:
    print('ValueError', e)

for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC):
    s = io.StringIO()
    w = csv.writer(s, quoting=quoting)
    w.writerow(['plain', 'com,ma', 'quo"te', 'new\nline', '', None, 1, 2.5, True])
    w.writerow([''])
    w.writerows([[1, 2], ['x']])
    print(repr(s.getvalue()))
s = io.StringIO()
w = csv.writer(s, quoting=csv.QUOTE_NONE, escapechar='\\', lineterminator='\n')
print(w.writerow(['a,b', 'c\\d', 'q"q']), repr(s.getvalue()))
s = io.StringIO()
w = csv.writer(s, doublequote=False, escapechar='!')
w.writerow(['x"y'])
print(repr(s.getvalue()))
for bad in (lambda: csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow(['a,b']),
            lambda: csv.writer(io.StringIO(), quoting=csv.QUOTE_NONE).writerow(['']),
            lambda: csv.writer(io.StringIO()).writerow(5)):
    try:
        bad()
    except csv.Error as e:
        print('Error', e)

for kw in ({'delimiter': 'ab'}, {'quotechar': 5}, {'quoting': 7}, {'lineterminator': 1}, {'quotechar': None}, {'bogus': 1}):
    try:
        csv.writer(io.StringIO(), **kw)
    except TypeError as e:
        print('TypeError', e)

csv.register_dialect('pipes', delimiter='|', quoting=csv.QUOTE_ALL)
print(sorted(csv.list_dialects()))
d = csv.get_dialect('pipes')
print(d.delimiter, d.quoting, d.doublequote, d.lineterminator == '\r\n', d.escapechar)
s = io.StringIO()
csv.writer(s, 'pipes').writerow(['a', 'b'])
print(repr(s.getvalue()))
csv.unregister_dialect('pipes')
try:
    csv.get_dialect('pipes')
except csv.Error as e:
    print('Error', e)


class Semi(csv.Dialect):
    delimiter = ';'
    quotechar = "'"
    lineterminator = '\n'
    quoting = csv.QUOTE_MINIMAL
    doublequote = True
    skipinitialspace = False


s = io.StringIO()
csv.writer(s, Semi).writerow(["it's", 'b;c'])
print(repr(s.getvalue()))
try:
    class Broken(csv.Dialect):
        delimiter = 'xx'
        quoting = csv.QUOTE_MINIMAL
        lineterminator = '\n'
        quotechar = '"'
    Broken()
except csv.Error as e:
    print('Error', e)

data = 'name,age\nann,31\nbob,27\n'
print([dict(r) for r in csv.DictReader(io.StringIO(data))])
s = io.StringIO()
w = csv.DictWriter(s, ['name', 'age'])
w.writeheader()
w.writerow({'name': 'cy', 'age': 5})
print(repr(s.getvalue()))
print(csv.Sniffer().sniff('a;b;c\n1;2;3\n').delimiter)
old = csv.field_size_limit(10)
try:
    list(csv.reader(['x' * 20]))
except csv.Error as e:
    print('Error', e)
print(csv.field_size_limit(old), csv.field_size_limit() == old)
