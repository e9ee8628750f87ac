"""Similar answers: a copy is found however it is dressed up; independent answers, the stub and
the docstrings are not a match."""

import ast
import json
import os
import subprocess
import sys

import pytest

from tests.kit.conftest import ROOT
from tests.kit.mutants import variants

pytest.importorskip("copydetect", reason="copydetect is not installed (the instructor extra)")
from grader.similarity import THRESHOLD, answer_text, similar_pairs  # noqa: E402

TOPIC = "dims"
REFERENCE = (ROOT / "solutions" / f"{TOPIC}.py").read_text(encoding="utf-8")
STUB = (ROOT / "exercises" / f"{TOPIC}.py").read_text(encoding="utf-8")


def dressed_up(source: str) -> str:
    """The same answer with other names, other layout, comments and no docstrings."""
    text = answer_text(source).replace("x.", "images.").replace("(x", "(images")
    return "\n".join(
        line + "  # my own work" if line.strip() else "\n" for line in text.splitlines()
    )


def independent(source: str) -> str:
    """The module with every function that has a correct alternative written that other way."""
    alternatives = variants.load(TOPIC).alternatives
    tree = ast.parse(source)
    tree.body = [
        n for n in tree.body if not (isinstance(n, ast.FunctionDef) and n.name in alternatives)
    ]
    return (
        ast.unparse(tree)
        + "\n\n"
        + "\n".join(next(iter(a.values())) for a in alternatives.values())
    )


def test_a_dressed_up_copy_is_found_and_nothing_else():
    answers = {
        "ann": REFERENCE,
        "ben": dressed_up(REFERENCE),
        "cat": independent(REFERENCE),
        "dan": STUB,
        "eve": STUB,
    }
    pairs = similar_pairs(TOPIC, answers, STUB)
    assert [(p.student_a, p.student_b) for p in pairs] == [("ann", "ben")]
    assert pairs[0].similarity >= THRESHOLD
    assert "def flatten_images" in pairs[0].excerpt_a and "images" in pairs[0].excerpt_b


def test_docstrings_do_not_count():
    long_doc = (
        '"""' + "Flatten every image into one row of features, in row-major order. " * 20 + '"""'
    )
    one = f"def flatten_images(x):\n    {long_doc}\n    return x.flatten(1)\n"
    other = (
        f"def flatten_images(x):\n    {long_doc}\n    b = x.shape[0]\n    return x.reshape(b, -1)\n"
    )
    assert similar_pairs(TOPIC, {"ann": one, "ben": other}) == []
    assert answer_text(one) == "def flatten_images(x):\n    return x.flatten(1)"


def test_the_same_class_gets_the_same_pairs_in_every_process():
    """copydetect hashes with Python's salted `hash()`; the kit's stable hash keeps a class's
    scores and excerpts from changing between two runs of `grade batch`."""
    script = (
        "import json\n"
        "from tests.kit.test_similarity import REFERENCE, STUB, dressed_up\n"
        "from grader.similarity import similar_pairs\n"
        "extra = REFERENCE + '\\n\\ndef extra(x):\\n    return x.transpose(1, 3)\\n'\n"
        "answers = {'ann': REFERENCE, 'ben': dressed_up(REFERENCE), 'cat': extra}\n"
        "print(json.dumps([p.__dict__ for p in similar_pairs('dims', answers, STUB)]))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "4")
    ]
    assert len(json.loads(runs[0])) == 3
    assert runs[0] == runs[1] == runs[2]


def test_topics_compared_side_by_side_give_the_same_pairs():
    """`grade batch -j N` compares the topics in N processes: the pairs and their order are
    those of one process comparing them in turn."""
    from concurrent.futures import ProcessPoolExecutor
    from types import SimpleNamespace

    from grader.similarity import class_pairs

    topics = ["dims", "indexing", "broadcast"]
    references = {t: (ROOT / "solutions" / f"{t}.py").read_text(encoding="utf-8") for t in topics}
    answers = {"ann": references, "ben": {t: dressed_up(s) for t, s in references.items()}}
    answers["cat"] = {"dims": independent(references["dims"])}  # some topics only
    students = [SimpleNamespace(name=name) for name in answers]

    def read(student, topic):
        return answers[student.name].get(topic)

    in_turn = class_pairs(students, topics, read, ROOT / "exercises")
    with ProcessPoolExecutor(2) as pool:
        side_by_side = class_pairs(students, topics, read, ROOT / "exercises", pool, 2)
    assert {p.topic for p in in_turn} == set(topics)
    assert side_by_side == in_turn
