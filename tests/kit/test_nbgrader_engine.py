"""The kit's autograde preprocessor (grader/nbgrader_engine.py) on its own, without running
nbgrader: quick, for the kit's quick tier (the real nbgrader end to end: test_nbgrader.py)."""

import ast

import pytest

pytest.importorskip("nbgrader", reason="nbgrader (the instructor extra) is not installed")

from grader.course import topic_notebook  # noqa: E402
from grader.nbgrader_engine import EngineGrade, engine_preprocessors, is_test_cell  # noqa: E402
from grader.points import points  # noqa: E402
from tests.kit.conftest import ROOT  # noqa: E402

TOPIC = "where_gather"


def test_engine_grade_takes_the_place_of_execute():
    names = engine_preprocessors()
    assert names[0] == "grader.nbgrader_engine.EngineGrade"
    assert not any(name.endswith(".Execute") for name in names)
    assert "nbgrader.preprocessors.SaveAutoGrades" in names


@pytest.mark.parametrize("answers", ["solutions", "exercises"])
def test_every_test_cell_gets_the_judges_points(answers):
    table = {f: a + b for (t, f), (a, b) in points(ROOT / "tests" / "grading", cuda=False).items()}
    source = (ROOT / "solutions" / f"{TOPIC}.py").read_text(encoding="utf-8")
    stub = (ROOT / "exercises" / f"{TOPIC}.py").read_text(encoding="utf-8")
    stubs = {
        node.name: ast.get_source_segment(stub, node)
        for node in ast.parse(stub).body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef))
    }
    mine = {f: (table[f], 0.0) for f in table if f.startswith(TOPIC + ".")}
    notebook = topic_notebook(TOPIC, source, mine)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if is_test_cell(cell):
            cell.outputs = [{"output_type": "stream", "name": "stdout", "text": "forged"}]
        elif meta.get("solution") and answers == "exercises":  # handed in untouched
            cell.source = stubs[meta["grade_id"]]
    resources = {"nbgrader": {"notebook": TOPIC, "student": "s", "assignment": "a"}}
    engine = EngineGrade(suites=str(ROOT / "tests" / "grading"), jobs=1)
    notebook, _ = engine.preprocess(notebook, resources)
    tests = [c for c in notebook.cells if is_test_cell(c)]
    assert len(tests) == len(mine) > 0
    for cell in tests:
        (result,) = [o for o in cell.outputs if o["output_type"] == "execute_result"]
        function = f"{TOPIC}.{cell.metadata['nbgrader']['grade_id'].removeprefix('test_')}"
        expected = table[function] if answers == "solutions" else 0.0
        assert float(result["data"]["text/plain"]) == expected
        assert not any(o.get("text") == "forged" for o in cell.outputs)
