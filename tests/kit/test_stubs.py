"""Stubs are generated from the solutions and keep everything but the answers."""

import ast

import pytest

from grader.stubs import StubError, make_stub
from tests.kit.conftest import ROOT

SOLUTION = '''"""Topic docstring."""

import torch

### BEGIN SOLUTION
def _helper(x):
    return x * 2
### END SOLUTION


def f(x):
    """Docstring stays."""
    ### BEGIN SOLUTION
    return _helper(x)
    ### END SOLUTION
'''


def test_answers_become_placeholders_and_helpers_vanish():
    stub = make_stub(SOLUTION)
    assert "_helper" not in stub and "### BEGIN" not in stub
    assert (
        '    """Docstring stays."""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n'
        in stub
    )
    ast.parse(stub)


@pytest.mark.parametrize(
    "broken",
    [
        "    ### BEGIN SOLUTION\n",
        "    ### END SOLUTION\n",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n",
    ],
)
def test_unbalanced_markers_are_errors(broken):
    with pytest.raises(StubError):
        make_stub(SOLUTION + broken)


def test_every_solution_function_has_a_marked_answer_and_the_stub_imports():
    for path in sorted((ROOT / "solutions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                body = ast.get_source_segment(source, node)
                assert "### BEGIN SOLUTION" in body, (
                    f"{path.name}: {node.name} has no solution region"
                )
        stub = make_stub(source, str(path))
        ast.parse(stub)
        assert "### BEGIN SOLUTION" not in stub


def test_exercises_match_the_solutions():
    from grader.stubs import sync

    assert sync(ROOT / "solutions", ROOT / "exercises", check=True) == []
