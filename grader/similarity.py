"""Students whose answers are suspiciously alike (issue 15): `DIR/similarity.csv` of `grade batch`.

Per topic, each student's module is read as the judge reads an answer: its docstrings taken out
and the rest re-written from its syntax tree (so layout and comments do not count), then
fingerprinted by copydetect (winnowed k-grams of tokens with names normalised, the stub's own
fingerprints removed as boilerplate). Pairs that share many fingerprints are compared, and a pair
is listed when the copied part covers at least THRESHOLD of either answer. Candidate pairs come
from an index of the fingerprints, so a class is not compared all pairs against all.
"""

from __future__ import annotations

import ast
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

NOISE, GUARANTEE = 25, 30  # copydetect's defaults: matches under 25 tokens are noise
THRESHOLD = 0.8
EXCERPT_CHARS = 800
COMMON_AT_LEAST = 50  # students; or a twentieth of the class, whichever is more


@dataclass
class SimilarPair:
    topic: str
    student_a: str
    student_b: str
    similarity_a: float  # the share of a's answer that b's also holds
    similarity_b: float
    excerpt_a: str
    excerpt_b: str

    @property
    def similarity(self) -> float:
        return max(self.similarity_a, self.similarity_b)


def available() -> bool:
    try:
        import copydetect  # noqa: F401
    except ImportError:
        return False
    return True


def answer_text(source: str) -> str:
    """`source` without its docstrings, as its syntax tree writes it (the source itself where it
    does not parse)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                if isinstance(body[0].value.value, str):
                    node.body = body[1:] or [ast.Pass()]
    try:
        return ast.unparse(tree)
    except (ValueError, RecursionError):
        return source


def stable_kgram_hashes(string: str, k: int):
    """copydetect's k-gram hashes, the same in every process. copydetect hashes with Python's
    `hash()`, which is salted per process (PYTHONHASHSEED): the same class would get other scores
    and other excerpts on every run. A polynomial hash of the code points, modulo 2**64."""
    import numpy as np

    codes = np.frombuffer(string.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - k + 1
    if count <= 0:
        return np.array([], dtype=np.int64)
    hashes = np.zeros(count, dtype=np.uint64)
    for j in range(k):
        hashes = hashes * np.uint64(1_000_003) + codes[j : j + count]  # wraps around
    return hashes.view(np.int64)


def _fingerprint(text: str, boilerplate=()):
    import copydetect.utils
    from copydetect import CodeFingerprint

    copydetect.utils.hashed_kgrams = stable_kgram_hashes  # looked up there by name, at each call

    return CodeFingerprint(
        "answer.py",
        NOISE,
        GUARANTEE - NOISE + 1,
        boilerplate=list(boilerplate),
        fp=io.StringIO(text),
    )


def _excerpt(text: str, slices) -> str:
    """The longest copied part of `text`."""
    if len(slices) != 2 or not len(slices[0]):
        return ""
    start, end = max(zip(slices[0], slices[1]), key=lambda se: se[1] - se[0])
    start = text.rfind("\n", 0, int(start)) + 1  # from the start of its first line
    part = text[start : int(end)]
    return part if len(part) <= EXCERPT_CHARS else part[: EXCERPT_CHARS - 1] + "…"


def similar_pairs(topic: str, answers: dict[str, str], stub: str = "") -> list[SimilarPair]:
    """`answers`: {student: their topic module's source}. Most similar first."""
    from copydetect import compare_files

    boilerplate = _fingerprint(answer_text(stub)).hashes if stub else ()
    texts = {student: answer_text(source) for student, source in answers.items()}
    prints = {}
    for student, text in texts.items():
        try:
            prints[student] = _fingerprint(text, boilerplate)
        except Exception:  # noqa: BLE001 - an answer the tokenizer cannot read is not compared
            continue
    holders = defaultdict(list)
    for student, fingerprint in prints.items():
        for value in fingerprint.hashes:
            holders[value].append(student)
    # A fingerprint that many students hold is the exercise's common ground (the natural way to
    # write it), not a copy: it makes no pair. Small classes are compared in full.
    common = max(COMMON_AT_LEAST, len(prints) // 20)
    shared = defaultdict(int)
    for students in holders.values():
        if len(students) > common:
            continue
        for i, a in enumerate(students):
            for b in students[i + 1 :]:
                shared[(a, b) if a < b else (b, a)] += 1
    pairs = []
    for (a, b), count in shared.items():
        fewest = min(len(prints[a].hashes), len(prints[b].hashes)) or 1
        if count < THRESHOLD * fewest / 2:
            continue
        _, (sim_a, sim_b), (slices_a, slices_b) = compare_files(prints[a], prints[b])
        if max(sim_a, sim_b) >= THRESHOLD:
            pairs.append(
                SimilarPair(
                    topic,
                    a,
                    b,
                    round(float(sim_a), 3),
                    round(float(sim_b), 3),
                    _excerpt(texts[a], slices_a),
                    _excerpt(texts[b], slices_b),
                )
            )
    return sorted(pairs, key=lambda p: (-p.similarity, p.student_a, p.student_b))


def class_pairs(students, topics, read, stubs: Path, executor=None, at_once=1) -> list[SimilarPair]:
    """Every topic's similar pairs, most similar first; `read(student, topic)` gives a student's
    module (None where they have none). With an `executor`, `at_once` topics at a time are
    compared in its processes, side by side (each topic's pass is independent of the others');
    only their answers are read into memory, which for a class of 10,000 is what matters."""
    compare, step = (executor.map if executor else map), max(1, at_once)
    pairs = []
    for first in range(0, len(topics), step):
        chunk = topics[first : first + step]
        answers = [{s.name: a for s in students if (a := read(s, t)) is not None} for t in chunk]
        stub_texts = [_stub(stubs, t) for t in chunk]
        for topic_pairs in compare(similar_pairs, chunk, answers, stub_texts):
            pairs += topic_pairs
    return sorted(pairs, key=lambda p: -p.similarity)  # the most similar first, topics in order


def _stub(stubs: Path, topic: str) -> str:
    path = stubs / f"{topic}.py"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
