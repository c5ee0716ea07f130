# sys.audit / sys.addaudithook, the events of open(), compile() and exec(), and
# sys.stdlib_module_names.
import sys, os

seen = []
def hook(event, args):
    if event in ('open', 'compile', 'exec', 'my.event', 'sys.addaudithook'):
        seen.append((event, args))
sys.addaudithook(hook)

sys.audit('my.event', 1, 'two', [3])
print(seen.pop())

code = compile('x = 1', '<audit-test>', 'exec')
ev, args = seen.pop()
print(ev, args[0], args[1])
exec(code, {})
ev, args = seen.pop()
print(ev, args[0] is code)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '_audit_tmp.txt')
with open(path, 'w') as f:
    f.write('data')
ev, args = seen.pop()
print(ev, os.path.basename(args[0]), args[1], args[2] & os.O_WRONLY == os.O_WRONLY, bool(args[2] & os.O_CREAT))
os.remove(path)

# a hook that raises stops the action
def veto(event, args):
    if event == 'compile' and args[1] == '<forbidden>':
        raise PermissionError('compile vetoed')
sys.addaudithook(veto)
try:
    compile('1', '<forbidden>', 'eval')
except PermissionError as e:
    print('PermissionError', e)

# a hook may refuse new hooks with RuntimeError (silently)
def no_more_hooks(event, args):
    if event == 'sys.addaudithook':
        raise RuntimeError('no more')
sys.addaudithook(no_more_hooks)
called = []
sys.addaudithook(lambda e, a: called.append(e))
sys.audit('my.event')
print('refused hook called:', called)

try:
    sys.audit()
except TypeError as e:
    print('TypeError', e)
try:
    sys.audit(5)
except TypeError as e:
    print('TypeError', e)

names = sys.stdlib_module_names
print(type(names).__name__, len(names) > 250, 'os' in names, 'json' in names, 'numpy' in names)
