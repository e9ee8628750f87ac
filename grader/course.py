"""`grade nbgrader COURSE --assignment NAME`: an nbgrader course made from the kit.

One source notebook per topic, `COURSE/source/NAME/<topic>.ipynb`, cut from the solution module:
its docstring as markdown; a locked cell with the module's own code (imports, helpers); per
exercise a solution cell (the function or class, its answer between nbgrader's markers, which
`nbgrader generate_assignment` turns into the stub) and a locked test cell worth the suites'
points for that function. The test cell runs the public checks in the open and the hidden ones
inside `### BEGIN HIDDEN TESTS`; its last expression is the points earned. That is for the
student's own Jupyter: at `nbgrader autograde` no kernel runs, and the kit's engine writes every
test cell's output and points (grader.nbgrader_engine). `COURSE/nbgrader_config.py` sets what
nbgrader needs to agree with `grade`. The source notebooks hold the answers: only their owner
may read them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from grader.i18n import tr
from grader.stubs import BEGIN
from grader.topics import suite_files

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]+$")  # nbgrader's rule for grade_id and names

# en only: nbgrader's configuration file, for the instructor
CONFIG = '''\
"""nbgrader configuration written by `grade nbgrader` (the PyTorch exercise kit)."""

c = get_config()  # noqa: F821

c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = {course_id!r}
# The stub that replaces each answer: the same as the kit's exercises/.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
# Autograde runs no kernel: the kit's engine grades each notebook's code in its sandboxes, once,
# and writes every test cell's points (see grader/nbgrader_engine.py).
# The list is written out: a config that imported the kit and failed would be ignored by
# nbgrader, which would then grade in the student's kernel.
c.Autograde.autograde_preprocessors = {preprocessors!r}
c.EngineGrade.suites = {suites!r}
c.EngineGrade.call_timeout = 60.0
# A test cell the student deleted comes back, and is graded like the others.
c.OverwriteCells.add_missing_cells = True
# Feedback shows what each check said, never the hidden checks' code.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
'''

# en only: code
TEST_CELL = """\
{sign}
score = check({function!r}, "public")
### BEGIN HIDDEN TESTS
score += check({function!r}, "hidden")
### END HIDDEN TESTS
score"""

# both languages: the notebook's guidance, read before any language is chosen
INTRO = """\
**How to work:** fill in every cell that says `# YOUR CODE HERE` and run the notebook from the
top. Each function's test cell below it runs the public checks and prints what they found; your
instructor grades with more, hidden checks. The checks write in Chinese when your locale is
Chinese, or after `%env GRADE_LANG=zh` in a cell of your own (`%env GRADE_LANG=en` for English).

**如何完成：** 补全每个写着 `# YOUR CODE HERE` 的单元格，然后从头运行整个 notebook。每个函数下方的
测试单元格会运行公开检查并打印结果；老师评分时还会运行更多的隐藏检查。系统区域设置为中文时，检查信息
用中文显示；也可以在自己的单元格里先运行 `%env GRADE_LANG=zh`（`%env GRADE_LANG=en` 则为英文）。"""


class CourseError(RuntimeError):
    """The course cannot be written; the message says why."""


@dataclass
class Written:
    config: Path
    notebooks: list[Path]
    points: float


def _cell_meta(grade_id, *, solution=False, grade=False, locked=False, points=None):
    meta = {
        "grade": grade,
        "solution": solution,
        "locked": locked,
        "grade_id": grade_id,
        "schema_version": 3,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def split_module(source: str, name: str):
    """The module as [(kind, text, exercise name)]: kind "docstring", "code" (no answer in it)
    or "solution" (a top-level def or class holding a solution region)."""
    tree = ast.parse(source, filename=name)
    lines = source.splitlines(keepends=True)
    parts, cursor = [], 0
    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        parts.append(("docstring", body[0].value.value, None))
        cursor = body[0].end_lineno
        body = body[1:]
    starts = [
        min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
        for node in body
    ]
    # Each statement runs to where the next begins: a solution's closing marker is a comment
    # after the function's last statement.
    for node, start, end in zip(body, starts, [*starts[1:], len(lines)]):
        text = "".join(lines[cursor:end])
        own = "".join(lines[start:end])
        if BEGIN in own and not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            raise CourseError(
                tr(
                    f"{name}:{node.lineno}: a solution region outside a def or class cannot become "
                    "a notebook cell",
                    f"{name}:{node.lineno}：def 或 class 之外的答案区域无法变成 notebook 单元格",
                )
            )
        kind = "solution" if BEGIN in own else "code"
        parts.append((kind, text.strip("\n"), getattr(node, "name", None)))
        cursor = end
    merged = []
    for kind, text, exercise in parts:
        if kind == "code" and merged and merged[-1][0] == "code":
            merged[-1] = ("code", merged[-1][1] + "\n\n" + text, None)
        else:
            merged.append((kind, text, exercise))
    return merged


def topic_notebook(topic: str, source: str, points: dict[str, tuple[float, float]]):
    """The source notebook of one topic; `points` maps "topic.function" to (public, hidden)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from grader.notebook import TEST_CELL_SIGN

    cells = []
    code_cells = 0
    for kind, text, exercise in split_module(source, f"solutions/{topic}.py"):
        if kind == "docstring":
            title, _, rest = text.strip().partition("\n")
            cells.append(new_markdown_cell(f"# {title}\n\n{rest.strip()}\n\n{INTRO}"))
        elif kind == "code":
            code_cells += 1
            meta = _cell_meta(f"{topic}-setup-{code_cells}", locked=True)
            cells.append(new_code_cell(text, metadata=meta))
        else:
            function = f"{topic}.{exercise}"
            cells.append(new_markdown_cell(f"## `{exercise}`"))
            cells.append(new_code_cell(text, metadata=_cell_meta(exercise, solution=True)))
            if function in points:
                public, hidden = points[function]
                test = TEST_CELL.format(sign=TEST_CELL_SIGN, function=function)
                meta = _cell_meta(
                    f"test_{exercise}", grade=True, locked=True, points=public + hidden
                )
                cells.append(new_code_cell(test, metadata=meta))
    notebook = new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.validate(notebook)
    return notebook


def write_course(kit: Path, course: Path, assignment: str, topics=None) -> Written:
    try:
        import nbformat

        from grader.nbgrader_engine import engine_preprocessors
    except ImportError:
        raise CourseError(
            tr(
                "nbgrader is not installed: pip install -e '.[instructor]' in the kit",
                "没有安装 nbgrader：请在评分程序目录中运行 pip install -e '.[instructor]'",
            )
        ) from None
    from grader.runner import collect_points

    if not NAME_PATTERN.match(assignment):
        raise CourseError(
            tr(
                f"assignment name {assignment!r}: use letters, digits, '_' and '-' only "
                "(nbgrader's rule)",
                f"作业名 {assignment!r} 不合规：只能用字母、数字、'_' 和 '-'（nbgrader 的规定）",
            )
        )
    suites = kit / "tests" / "grading"
    solutions = kit / "solutions"
    if not solutions.is_dir() or not suites.is_dir():
        raise CourseError(
            tr(
                f"{kit} lacks solutions/ or tests/grading/: use the instructor's kit",
                f"{kit} 中缺少 solutions/ 或 tests/grading/：请使用教师版的评分程序",
            )
        )
    known = list(suite_files(suites))
    chosen = list(topics) if topics else [t for t in known if (solutions / f"{t}.py").is_file()]
    unknown = [t for t in chosen if t not in known or not (solutions / f"{t}.py").is_file()]
    if unknown:
        raise CourseError(
            tr(
                f"unknown topic {', '.join(unknown)}; the topics are: {', '.join(known)}",
                f"没有主题 {', '.join(unknown)}；可选的主题是：{', '.join(known)}",
            )
        )
    points = {f: p for (_, f), p in collect_points(suites, cuda=False).items()}
    folder = course / "source" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for private in (course / "source", folder):
        private.chmod(0o700)
    notebooks, total = [], 0.0
    for topic in chosen:
        source = (solutions / f"{topic}.py").read_text(encoding="utf-8")
        mine = {f: p for f, p in points.items() if f.split(".")[0] == topic}
        path = folder / f"{topic}.ipynb"
        nbformat.write(topic_notebook(topic, source, mine), str(path))
        path.chmod(0o600)  # it holds the answers and the hidden tests: its owner's only
        notebooks.append(path)
        total += sum(a + b for a, b in mine.values())
    config = course / "nbgrader_config.py"
    config.write_text(
        CONFIG.format(
            root=str(course.resolve()),
            course_id=course.resolve().name,
            suites=str(suites.resolve()),
            preprocessors=engine_preprocessors(),
        ),
        encoding="utf-8",
    )
    return Written(config, notebooks, total)
