"""The source scan (grader/source_scan.py): each way of reaching into the kit or the
interpreter is found, as tampering or for review, and the honest code the kit knows is not."""

import pytest

from grader.source_scan import REVIEW, TAMPERING, scan_file, scan_submission
from tests.kit.conftest import ROOT
from tests.kit.mutants import variants

TAMPERING_CODE = {
    "import the kit": "import grader.sandbox.worker as w\nw.LOG.names = None",
    "from the kit": "from grader.sandbox import worker",
    "sys.modules": "import sys\nsys.modules['grader.sandbox.worker'].LOG.names = set()",
    "from sys import modules": "from sys import modules",
    "sys under another name": "import sys as s\nlog = s._getframe(1).f_locals",
    "gc": "import gc\nobjs = gc.get_objects()",
    "importlib": "import importlib\nm = importlib.import_module('grad' + 'er')",
    "from importlib": "from importlib import import_module",
    "__import__": "m = __import__('grad' + 'er')",
    "eval": "f = eval('torch.soft' + 'max')",
    "exec": "exec(open('other.txt').read())",
    "eval as a value": "run = eval",
    "compile": "code = compile('1', 'x', 'eval')",
    "subclasses walk": "classes = ().__class__.__base__.__subclasses__()",
    "globals of a function": "g = torch.nn.functional.softmax.__globals__",
    "unwrapped original": "import torch\nraw = torch.broadcast_shapes.__wrapped__",
    "frame walk": "import inspect\nf = inspect.currentframe().f_back.f_globals",
    "dunder in a string": "getattr(f, '__glo' 'bals__')",
    "dunder by getattr": "g = getattr(f, '__globals__')",
    "torch._C": "import torch\ntorch._C._pop_torch_function_stack()",
    "getattr torch _C": "import torch\nc = getattr(torch, '_C')",
    "from torch import _C": "from torch import _C",
    "torch.overrides": "from torch.overrides import _pop_mode_temporarily",
    "torch.overrides attribute": "import torch\nwith torch.overrides._pop_mode_temporarily(): pass",
    "DisableTorchFunction": "import torch\nwith torch._C.DisableTorchFunction(): pass",
    "python dispatch": "from torch.utils._python_dispatch import _pop_mode",
    "a class of its own dispatch": "class T:\n    def __torch_function__(self, *a): pass",
    "ctypes": "import ctypes",
    "threads": "import threading\nthreading.Thread(target=print).start()",
    "builtins": "import builtins\nbuiltins.print = None",
    "__builtins__": "b = __builtins__",
    "past grader.data, through its package": "import grader.data\nw = grader.sandbox.worker",
    "past grader.data, through the module": "import grader.data as d\nroot = d.kit_root()",
    "a name of grader.data that is not its API": "from grader.data import kit_root",
    "the kit by a computed name": "import grader.data\nw = getattr(grader, 'sand' + 'box')",
    "sys by a computed name": "import sys\nm = getattr(sys, 'mod' + 'ules')",
}

REVIEW_CODE = {
    "computed getattr on torch": "import torch\nf = getattr(torch, name)",
    "computed setattr in __init__": "class M:\n    def __init__(self):\n        setattr(self, f'conv{1}', 1)",
    "globals()": "g = globals()",
    "vars()": "v = vars(obj)",
    "private torch": "import torch\nfrom torch._refs import _broadcast_shapes",
    "inspect": "import inspect\nsig = inspect.signature(print)",
    "pickle": "import pickle",
    "__dict__": "d = obj.__dict__",
}

HONEST_CODE = {
    "model.eval()": "model.eval()",
    "a function of its own named eval (the course's lesson 53)": (
        "def eval(rnn, iterator, criteon):\n    return 0\n\neval(None, None, None)"
    ),
    "nn.Module.modules()": "for m in self.modules():\n    pass",
    "torch._foreach": "import torch\nn = torch._foreach_norm([x])",
    "torch.__version__": "import torch\nv = torch.__version__",
    "super().__init__()": "class M:\n    def __init__(self):\n        super().__init__()",
    "type name": "name = type(x).__name__ + x.__class__.__name__",
    "getattr with a plain name": "import torch.nn as nn\nact = getattr(nn, 'ReLU')",
    "os and sys for paths": "import os, sys\np = os.path.join(sys.prefix, 'x')",
    "a docstring that mentions the grader": '"""The grader checks this; see __wrapped__ docs."""',
    "the data loaders, as the docstrings show them": (
        "from grader.data import mnist_loaders\ntrain, test = mnist_loaders(64)"
    ),
    "the data loaders through the package": (
        "import grader.data\nx = grader.data.load_regression_points()"
    ),
    "the data module by name": "from grader import data\npoints = data.load_mnist('train')",
}


@pytest.mark.parametrize("label", sorted(TAMPERING_CODE))
def test_tampering_is_found(label):
    found = scan_file(TAMPERING_CODE[label])
    assert any(f.severity == TAMPERING for f in found), (label, found)
    assert all(f.line >= 1 and f.code and f.reason and f.reason_zh for f in found)


@pytest.mark.parametrize("label", sorted(REVIEW_CODE))
def test_what_may_be_innocent_is_only_flagged_for_review(label):
    found = scan_file(REVIEW_CODE[label])
    assert found and all(f.severity == REVIEW for f in found), (label, found)


@pytest.mark.parametrize("label", sorted(HONEST_CODE))
def test_honest_code_is_not_flagged(label):
    assert scan_file(HONEST_CODE[label]) == []


def test_the_kits_own_code_is_never_flagged():
    """The reference solutions, the stubs and every correct alternative in the mutants."""
    flagged = []
    for folder in ("solutions", "exercises"):
        for path in sorted((ROOT / folder).glob("*.py")):
            flagged += scan_file(path.read_text(encoding="utf-8"), str(path))
    for topic in variants.topics():
        reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
        for by_label in variants.load(topic).alternatives.values():
            for label, source in by_label.items():
                flagged += scan_file(reference + "\n" + source, f"{topic}: {label}")
    assert flagged == []


def test_a_helper_module_counts_for_the_topics_that_import_it(tmp_path):
    (tmp_path / "indexing.py").write_text("import helpers\n")
    (tmp_path / "helpers.py").write_text("import deeper\n")
    (tmp_path / "deeper.py").write_text("import gc\n")
    (tmp_path / "dims.py").write_text("import torch\n")
    result = scan_submission(tmp_path, ["indexing", "dims", "broadcast"])
    assert [f.file for f in result["indexing"]] == ["deeper.py"]
    assert result["dims"] == [] and "broadcast" not in result


def test_a_file_that_does_not_parse_is_left_to_the_import():
    assert scan_file("def f(:\n") == []
