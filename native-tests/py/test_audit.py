# Audit hooks added from C: they see events raised from Python (sys.audit), from C
# (PySys_Audit with a Py_BuildValue format) and from the runtime (compile), before the
# Python hooks; a C hook that fails aborts the action with its exception.
import sys
import _capi_audit as A

py_seen = []
sys.addaudithook(lambda ev, args: py_seen.append(ev) if ev.startswith('capi.') else None)
A.install()

sys.audit('capi.from_python', 1, 'a')
A.audit_from_c('capi.from_c', 7)
compile('x = 1', '<audited>', 'exec')
seen = A.seen()
assert seen[0] == ('capi.from_python', (1, 'a')), seen
assert seen[1] == ('capi.from_c', (7, 'text', None)), seen
assert seen[2] == ('capi.noargs', ()), seen
assert seen[3][0] == 'compile' and seen[3][1][1] == '<audited>', seen
# Python hooks saw the same events, after the C hook
assert py_seen == ['capi.from_python', 'capi.from_c', 'capi.noargs'], py_seen

A.arm_veto()
try:
    sys.audit('capi.veto')
except PermissionError as e:
    assert str(e) == 'vetoed by the C hook'
else:
    raise AssertionError('the C hook did not abort the event')
try:
    A.audit_from_c('capi.veto', 1)
except PermissionError:
    pass
else:
    raise AssertionError('PySys_Audit did not report the failure')
print('ALL OK')
