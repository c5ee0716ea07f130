# The import system's Python face: importlib, specs and loaders, sys.meta_path and
# sys.path_hooks finders written in Python, reload, failed imports.
import sys, os, importlib, importlib.util, importlib.machinery, importlib.abc

here = os.path.dirname(os.path.abspath(__file__))
tag = sys.implementation.cache_tag

def rel(p):
    return None if p is None else os.path.relpath(p, here).replace(tag, 'TAG')

# import_module, absolute and relative
sub = importlib.import_module('_ilpkg.sub')
print(sub.RESULT, sub.__name__, sub.__package__)
helper = importlib.import_module('.helper', '_ilpkg')
print(helper is sys.modules['_ilpkg.helper'], helper.twice(5))

# the attributes importlib gives a module
pkg = sys.modules['_ilpkg']
for m in (pkg, sub):
    s = m.__spec__
    print(s.name, s.parent, rel(s.origin), rel(s.cached), s.has_location,
          s.submodule_search_locations is not None, type(m.__loader__).__name__,
          m.__loader__ is s.loader, rel(m.__file__), rel(m.__cached__))
print([rel(p) for p in pkg.__path__])
print(os.__spec__.name)
print(sys.__spec__.origin, sys.__loader__.__name__ if hasattr(sys.__loader__, '__name__') else sys.__loader__)

# find_spec
spec = importlib.util.find_spec('_ilpkg.helper')
print(spec.name, rel(spec.origin), importlib.util.find_spec('no_such_module_xyz'))
print(importlib.util.find_spec('sys').origin, importlib.util.find_spec('_ilpkg').submodule_search_locations == pkg.__path__)
try:
    importlib.util.find_spec('_ilpkg.helper.deeper')
except ModuleNotFoundError as e:
    print('ModuleNotFoundError', e, e.name)

# a module from a file location, not in sys.modules
spec = importlib.util.spec_from_file_location('loose_name', os.path.join(here, '_ilpkg', 'helper.py'))
mod = importlib.util.module_from_spec(spec)
print('loose_name' in sys.modules, hasattr(mod, 'twice'))
spec.loader.exec_module(mod)
print(mod.twice(8), mod.__name__, 'loose_name' in sys.modules)

# cache_from_source / source_from_cache
c = importlib.util.cache_from_source('/x/y/mod.py')
print(c.replace(tag, 'TAG'), importlib.util.source_from_cache(c))
print(importlib.util.MAGIC_NUMBER[-2:], len(importlib.util.MAGIC_NUMBER))
print(importlib.machinery.SOURCE_SUFFIXES, '.so' in importlib.machinery.EXTENSION_SUFFIXES)

# a finder and loader written in Python, on sys.meta_path
class VirtualLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        module.GREETING = 'hello from ' + module.__name__
        print('exec_module', module.__name__, module.__spec__.origin)

class VirtualFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.startswith('virtual_'):
            return importlib.util.spec_from_loader(name, VirtualLoader(), origin='virtual:' + name)
        return None

finder = VirtualFinder()
sys.meta_path.insert(0, finder)
import virtual_one
print(virtual_one.GREETING, type(virtual_one.__loader__).__name__)
from virtual_two import GREETING
print(GREETING)
sys.meta_path.remove(finder)
try:
    import virtual_three
except ModuleNotFoundError as e:
    print('ModuleNotFoundError', e.name)

# a path hook: a sys.path entry only this hook understands
class MemoryFinder:
    def __init__(self, entry):
        if not entry.startswith('memory:'):
            raise ImportError
        self.entry = entry
    def find_spec(self, name, target=None):
        if name == 'from_memory':
            return importlib.util.spec_from_loader(name, MemoryLoader())
        return None
    def invalidate_caches(self):
        pass

class MemoryLoader:
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        exec('ANSWER = 6 * 7', module.__dict__)

sys.path_hooks.insert(0, MemoryFinder)
sys.path.append('memory:store')
import from_memory
print(from_memory.ANSWER, type(sys.path_importer_cache['memory:store']).__name__)
sys.path.remove('memory:store')
sys.path_hooks.remove(MemoryFinder)

# reload runs the module's code again in the same module object
import _il_reload
first = _il_reload
importlib.reload(_il_reload)
print(first is _il_reload, _il_reload.COUNTER)

# a module whose code fails leaves nothing in sys.modules
try:
    import _il_broken
except RuntimeError as e:
    print('RuntimeError', e, '_il_broken' in sys.modules)

# __import__ and fromlist
m = __import__('_ilpkg.helper', fromlist=['twice'])
print(m.__name__, __import__('_ilpkg').__name__)
print(importlib.import_module('_ilpkg') is pkg)
