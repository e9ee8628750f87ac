"""Every student-facing text is written in both languages (issue 14).

Read from the source, without running it: each `tr(en, zh)`, `fail(en, zh)` and `Msg(en, zh)` in
the grading suites and the grader's student-facing modules has its Chinese side in Chinese and
its English side in English; no sentence in a suite stands outside such a pair. The mutation
test (test_mistakes) grades every mutant under `--lang zh` and checks the messages themselves.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest
import tomllib

from grader.i18n import HAS_CJK
from tests.kit.conftest import ROOT
from tests.kit.language import chinese_runs, english_runs, highlight

SUITES = sorted((ROOT / "tests" / "grading").rglob("test_*.py"))
STUDENT_FACING = [
    *sorted((ROOT / "grader" / "checks").glob("*.py")),
    *(
        ROOT / "grader" / name
        for name in (
            "plugin.py",
            "report.py",
            "cli.py",
            "batch.py",
            "status.py",
            "watch.py",
            "hints.py",
            "release.py",
            "notebook.py",
            "course.py",
            "class_report.py",
            "class_mistakes.py",
            "nbgrader_engine.py",
            "training.py",
            "sandbox/client.py",
            "sandbox/process.py",
        )
    ),
]
PAIRS = {"tr", "fail", "Msg", "help_text"}
# options of pytest and argparse: for the kit's developers, not students
DEVELOPER_FACING_CALLS = {
    "addoption",
    "add_argument",
    "addini",
    "Unicode",
    "Float",
    "Int",
    "Bool",
    "LeftOut",  # grader.checks.devices: why a device check is left out, for the kit's developers
}
# a text that holds both languages in itself (the release README: its 中文 and English sections)
BOTH_IN_ONE = "# both languages"
EN_ONLY = "# en only"  # a line's mark: this text is for developers or instructors' logs
GAP = "0"  # what a formatted value counts as: a number, so "{n} values differ" is one run


def literal_text(node: ast.AST) -> str | None:
    """The literal part of a string expression (an f-string's text with a blank for each value,
    concatenations and conditionals joined), or None where the text is not written here."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else GAP for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        parts = [literal_text(node.left), literal_text(node.right)]
        return "".join(p if p is not None else GAP for p in parts) if any(parts) else None
    if isinstance(node, ast.IfExp):
        parts = [literal_text(node.body), literal_text(node.orelse)]
        return "\n".join(p for p in parts if p) or None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return literal_text(node.func.value)  # "...".strip(), "...".format(...)
    return None


def _name(call: ast.Call) -> str:
    func = call.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _sides(call: ast.Call):
    by_keyword = {k.arg: k.value for k in call.keywords}
    en = call.args[0] if call.args else by_keyword.get("en")
    zh = call.args[1] if len(call.args) > 1 else by_keyword.get("zh")
    return en, zh


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def problems_in(path: Path, loose_sentences: bool) -> list[str]:
    """What breaks the two-language rule in one file, a line each."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT)
    problems, paired = [], set()
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if _name(call) not in PAIRS or (call.args and isinstance(call.args[0], ast.Starred)):
            continue
        en, zh = _sides(call)
        for side in (en, zh):
            if side is not None:
                paired.update(id(n) for n in ast.walk(side))
        en_text = literal_text(en) if en is not None else None
        zh_text = literal_text(zh) if zh is not None else None
        if en_text is None and zh_text is None:
            continue  # both sides computed elsewhere (fail(message) with a Msg)
        if zh is None:
            problems.append(f"{where}:{call.lineno}: {_name(call)}() has no Chinese side")
            continue
        if zh_text is not None and not HAS_CJK.search(zh_text) and re.search("[A-Za-z]", zh_text):
            # (a side that only composes, f"{what.zh}[{i}]", has no words of its own)
            problems.append(
                f"{where}:{call.lineno}: the Chinese side holds no Chinese: {zh_text!r}"
            )
        if zh_text and (spans := english_runs(zh_text)):
            problems.append(
                f"{where}:{call.lineno}: English in the Chinese side: {highlight(zh_text, spans)!r}"
            )
        if en_text and (spans := chinese_runs(en_text)):
            problems.append(
                f"{where}:{call.lineno}: Chinese in the English side: {highlight(en_text, spans)!r}"
            )
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        for keyword in call.keywords:
            text = keyword.value
            if keyword.arg in ("what", "lesson") and isinstance(
                text, (ast.Constant, ast.JoinedStr)
            ):
                parts = [text] if isinstance(text, ast.Constant) else text.values
                if any(isinstance(p, ast.Constant) and " " in p.value for p in parts):
                    problems.append(
                        f"{where}:{call.lineno}: {keyword.arg}= is a plain string, not a Msg(en, zh)"
                    )
    lines = path.read_text(encoding="utf-8").splitlines()
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        if _name(call) in DEVELOPER_FACING_CALLS:
            paired.update(id(n) for n in ast.walk(call))
        for keyword in call.keywords:
            if keyword.arg in ("id", "ids"):  # pytest's test ids: names, like the tests'
                paired.update(id(n) for n in ast.walk(keyword.value))
    if loose_sentences:
        docstrings = _docstrings(tree)
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if id(node) in paired or id(node) in docstrings or id(node) in parts:
                continue
            if not isinstance(node, (ast.Constant, ast.JoinedStr)):
                continue
            around = lines[max(node.lineno - 3, 0) : node.end_lineno]  # its lines and two above
            if any(EN_ONLY in line for line in around):
                continue
            if any(BOTH_IN_ONE in line for line in around):
                if not HAS_CJK.search(literal_text(node) or ""):
                    problems.append(
                        f"{where}:{node.lineno}: marked both languages, holds no Chinese"
                    )
                continue
            if isinstance(node, (ast.Constant, ast.JoinedStr)):
                text = literal_text(node)
                if text and (spans := english_runs(text)):
                    problems.append(
                        f"{where}:{node.lineno}: a sentence outside tr/fail/Msg: {highlight(text, spans)!r}"
                    )
    return problems


@pytest.mark.parametrize("path", SUITES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_message_in_a_suite_has_both_languages(path):
    problems = problems_in(path, loose_sentences=True)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", STUDENT_FACING, ids=lambda p: str(p.relative_to(ROOT / "grader")))
def test_every_sentence_of_the_grader_has_both_languages(path):
    problems = problems_in(path, loose_sentences=True)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_detectors():
    assert not english_runs(
        "The result 的形状是 [2, 5, 4, 3]，应为 [2, 4, 5, 3]。".replace("The result ", "")
    )
    assert english_runs("结果不对：120 of 150 values differ; max abs error 3.53")
    assert not english_runs("用 permute(0, 2, 3, 1) 代替 transpose(1, 3)")
    assert not english_runs("输入 [b, c, h, w] 与 x.index_select(0, torch.tensor(idx)) 不同")
    assert not english_runs("`x.view(b, -1)` 与 ``x.reshape`` 不同，dim=1 是 float32")
    assert not english_runs("返回了 first_image 的 torch.Tensor 而不是 Python 数字")
    assert english_runs("函数出错：expected a tensor of shape [3, 28, 28]")
    assert english_runs("错了：it doesn't work at all。") == [(3, 25)]
    assert not english_runs("抛出了 RuntimeError：「view size is not compatible with input」")
    assert not english_runs(
        '它的调用栈：\n  File "dims.py", line 3, in flatten_images\n    return x.view(-1)'
    )
    assert not chinese_runs("(Lesson 20 维度变换 / Changing dimensions: view/reshape)")
    assert not chinese_runs("(Lessons 4–6 简单回归问题 / 回归问题实战) (Lesson 卷积 / Convolution)")
    assert chinese_runs("数值都对但顺序错了")
    assert chinese_runs("Wrong shape：expected [2, 3]")  # a fullwidth colon
    assert chinese_runs("Lesson 维度变换: 顺序错了") == [(13, 17)]
    assert not chinese_runs("It raised ValueError: “形状不对”")


SECTION = re.compile(
    r"^(Args|Arguments|Returns|Raises|Yields|Example|Examples|Attributes|Note|Notes):\s*$"
)


def docstring_problems(name: str, docstring: str) -> list[str]:
    """A docstring carries its guidance in both languages: each paragraph of English prose (a run
    of four or more English words) is followed by one in Chinese, or holds Chinese itself; in the
    sections (Args:, Returns:, ...) each entry with English prose holds its Chinese too. Code,
    examples and lesson titles do not count either way."""
    problems = []
    lines = docstring.splitlines()
    prose, sections, in_section, named_entries = [], [], False, []
    for line in lines:
        if SECTION.match(line.strip()):
            in_section = True
            sections.append([])
            named_entries.append(line.strip().rstrip(":") in ("Args", "Arguments", "Attributes"))
            continue
        if in_section:
            if line.strip().startswith(">>>") or (sections[-1] and sections[-1][-1] is None):
                sections[-1].append(None)  # an example: code and its output
            elif line and not line.startswith(" ") and not line.startswith("\t") and sections[-1]:
                in_section = False  # back to prose after a section
                prose.append(line)
            elif line.strip():
                indent = len(line) - len(line.lstrip())
                entry_start = not sections[-1] or indent <= min(
                    len(e[0]) - len(e[0].lstrip()) for e in sections[-1] if e
                )
                if entry_start:
                    sections[-1].append([line])
                else:
                    sections[-1][-1].append(line)
            continue
        prose.append(line)
    paragraphs = [p for p in "\n".join(prose).split("\n\n") if p.strip()]
    paragraphs = [p for p in paragraphs if not p.strip().startswith(">>>")]
    for i, paragraph in enumerate(paragraphs):
        if english_runs(paragraph) and not chinese_runs(paragraph):
            following = paragraphs[i + 1] if i + 1 < len(paragraphs) else ""
            if not chinese_runs(following):
                first = paragraph.strip().splitlines()[0][:70]
                problems.append(f"{name}: paragraph without its Chinese: {first!r}")
    for section, named in zip(sections, named_entries):
        # an entry's indentation is layout, not a quote (as an indented code block is in prose)
        texts = [" ".join(line.strip() for line in entry) if entry else "" for entry in section]
        for i, (entry, text) in enumerate(zip(section, texts)):
            # its Chinese is in it, or after it and the English lines that go on from it
            # (Returns: free text, a line an entry), before the next entry in Chinese
            rest = [t for t in texts[i:] if t]
            english_lines = next((k for k, t in enumerate(rest) if chinese_runs(t)), len(texts) + 9)
            if named:  # "x: images [b, c, h, w] / 一批图片": each entry holds its own Chinese
                english_lines = 0 if chinese_runs(text) else len(texts)
            if entry and english_runs(text) and english_lines > (0 if named else 3):
                problems.append(f"{name}: entry without its Chinese: {entry[0].strip()[:70]!r}")
    return problems


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.py")), ids=lambda p: p.stem)
def test_every_docstring_guides_in_both_languages(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = docstring_problems(path.stem, ast.get_docstring(tree) or "")
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
            problems += docstring_problems(
                f"{path.stem}.{node.name}", ast.get_docstring(node) or ""
            )
            if isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, ast.FunctionDef) and ast.get_docstring(method):
                        problems += docstring_problems(
                            f"{path.stem}.{node.name}.{method.name}", ast.get_docstring(method)
                        )
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


@pytest.mark.parametrize("path", sorted((ROOT / "hints").glob("*.toml")), ids=lambda p: p.stem)
def test_every_hint_is_in_both_languages(path):
    problems = []
    for function, hints in tomllib.loads(path.read_text(encoding="utf-8")).items():
        english, chinese = hints.get("en", []), hints.get("zh", [])
        if len(english) != len(chinese):
            problems.append(
                f"{function}: {len(english)} hints in English, {len(chinese)} in Chinese"
            )
        for text in english:
            if spans := chinese_runs(text):
                problems.append(f"{function}: Chinese in an English hint: {highlight(text, spans)}")
        for text in chinese:
            if spans := english_runs(text):
                problems.append(f"{function}: English in a Chinese hint: {highlight(text, spans)}")
    assert not problems, "\n".join(problems)


def test_the_docstring_rule_fails_on_guidance_in_one_language():
    bilingual = """Flatten every image into one row of features.
    把每张图片展平成一行特征。

    ``x`` may be non-contiguous: ``view`` raises on such input, use reshape instead.

    ``x`` 可能不连续：``view`` 会报错，请用 reshape。

    Args:
        x: images ``[b, c, h, w]`` from a batch of them / 一批图片 ``[b, c, h, w]``。

    Returns:
        ``[b, c*h*w]``, each row holding one image's values in order.
        每一行按顺序存放一张图片的值。
    """
    assert not docstring_problems("f", inspect.cleandoc(bilingual))
    for english_only in (
        "``x`` 可能不连续：``view`` 会报错，请用 reshape。",
        " / 一批图片 ``[b, c, h, w]``。",
        "每一行按顺序存放一张图片的值。",
    ):
        damaged = inspect.cleandoc(bilingual.replace(english_only, ""))
        assert docstring_problems("f", damaged), english_only


@pytest.mark.parametrize("path", SUITES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_label_is_rendered_when_a_suite_is_imported(path):
    """A module-level f-string that formats a Msg (`LESSON = cite(...)`, then `f"... {LESSON}"`)
    fixes its language when the suite is imported: write `{LESSON.en}` and `{LESSON.zh}`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    labels = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            if _name(statement.value) in ("cite", "Msg"):
                labels |= {t.id for t in statement.targets if isinstance(t, ast.Name)}
    rendered = [
        f"line {node.lineno}: {{{value.value.id}}}"
        for statement in tree.body
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for node in ast.walk(statement)
        if isinstance(node, ast.JoinedStr)
        for value in node.values
        if isinstance(value, ast.FormattedValue)
        and isinstance(value.value, ast.Name)
        and value.value.id in labels
    ]
    assert not rendered, rendered
