from ..core import BASE
from .. import core
from . import __name__ as parent_name
deep_value = BASE + 1
core_name = core.__name__
def beyond():
    from ... import anything
