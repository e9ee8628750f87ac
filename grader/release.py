"""`grade release DEST`: the student bundle.

What goes in: the stubs (made afresh from the solutions), the public suites, the data, the
grader, a `pyproject.toml` and a student README. What stays out: the solutions, the hidden
suites, the kit's own tests and benchmarks. Before it returns, every file written is searched for
solution text (the markers, and every distinctive line of every solution region); a hit removes
nothing silently, it stops the release with the file and the line.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from grader.i18n import tr
from grader.reset import HANDED_OUT
from grader.stubs import BEGIN, END, expected_stubs
from grader.topics import course_order

# Copied as they are, relative to the kit's root.
COPIED = [
    "grader",
    "datasets",
    "hints",
    "tests/__init__.py",
    "tests/grading/__init__.py",
    "tests/grading/public",
    "pyproject.toml",
]
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".DS_Store")
# Text that never belongs in a student's hands (the grader's own source names the markers).
MARKERS = (BEGIN, END, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
# A solution line shorter than this (`return out`, `else:`) is too common to call a leak.
DISTINCTIVE = 24
# Consecutive lines of a solution region that, found together anywhere, are a leak.
WINDOW = 3


class ReleaseError(RuntimeError):
    """The bundle cannot be made (or would leak); the message says why."""


@dataclass
class Bundle:
    path: Path
    topics: list[str]
    public_suites: int


def _lines(text: str) -> list[str]:
    return [t for t in (line.strip() for line in text.splitlines()) if t and not t.startswith("#")]


def _regions(solutions: Path):
    """(module name, public lines, [region lines, ...]) per solution module: public lines are
    those outside the regions (signatures, docstrings), which the stubs keep by design."""
    for module in sorted(solutions.glob("*.py")):
        public, regions, current = [], [], None
        for line in module.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text == BEGIN:
                current = []
            elif text == END:
                regions.append(_lines("\n".join(current or [])))
                current = None
            elif current is not None:
                current.append(line)
            else:
                public.append(text)
        yield module.name, set(public), regions


def find_leaks(folder: Path, solutions: Path) -> list[str]:
    """Solution text in the bundle, as 'file: what (from where)'. Three tests: a marker outside
    the grader's own source; a distinctive solution line in a stub or the README; three
    consecutive lines of a solution region (a shorter region: all of it) in any file."""
    lines, windows = {}, {}
    for name, public, regions in _regions(solutions):
        for region in regions:
            for text in region:
                if len(text) >= DISTINCTIVE and text not in public:
                    lines.setdefault(text, name)
            spans = [region[i : i + WINDOW] for i in range(max(1, len(region) - WINDOW + 1))]
            for span in spans:
                if sum(map(len, span)) >= 2 * DISTINCTIVE:
                    windows.setdefault("\n".join(span), name)
    leaks = []
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            text = file.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # data (the MNIST arrays): no source text in it
        where = file.relative_to(folder)
        if where.parts[0] != "grader":
            leaks += [f"{where}: the marker {m!r}" for m in MARKERS if m in text]
        found = set(_lines(text))
        if where.parts[0] == "exercises" or where.name == "README.md":
            leaks += [f"{where}: {t!r} (from solutions/{lines[t]})" for t in found & lines.keys()]
        flat = "\n".join(_lines(text))
        leaks += [
            f"{where}: {span!r} (from solutions/{origin})"
            for span, origin in windows.items()
            if span in flat
        ]
    return leaks


def make_bundle(kit: Path, dest: Path, *, force: bool = False) -> Bundle:
    solutions = kit / "solutions"
    if not solutions.is_dir():
        raise ReleaseError(
            tr(
                f"{kit} has no solutions/ folder: release from the instructor's kit",
                f"{kit} 中没有 solutions/ 文件夹：请用教师版的评分程序发布",
            )
        )
    target = dest.resolve()
    forbidden = [kit.resolve() / part for part in COPIED]
    if target == kit.resolve() or any(target == p or p in target.parents for p in forbidden):
        raise ReleaseError(
            tr(
                f"{dest} is the kit itself or inside a folder the bundle copies",
                f"{dest} 就是评分程序本身，或位于发布包要拷贝的文件夹中",
            )
        )
    if dest.exists() and not dest.is_dir():
        raise ReleaseError(tr(f"{dest} is a file, not a folder", f"{dest} 是文件，不是文件夹"))
    if dest.exists() and any(dest.iterdir()):
        if not force:
            raise ReleaseError(
                tr(
                    f"{dest} is not empty (use --force to replace it)",
                    f"{dest} 不是空的（加 --force 可替换它）",
                )
            )
        shutil.rmtree(dest)
    for part in COPIED:
        source, target = kit / part, dest / part
        if not source.exists():
            raise ReleaseError(tr(f"the kit lacks {part}", f"评分程序缺少 {part}"))
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=SKIPPED)
        else:
            shutil.copy2(source, target)
    exercises = dest / "exercises"
    exercises.mkdir()
    stubs = expected_stubs(solutions)
    handed_out = dest / HANDED_OUT  # what `grade reset` puts back
    handed_out.mkdir(parents=True)
    for name, text in stubs.items():
        (exercises / name).write_text(text, encoding="utf-8")
        (handed_out / name).write_text(text, encoding="utf-8")
    (dest / "README.md").write_text(
        student_readme(sorted(stubs, key=lambda n: course_order(n.removesuffix(".py")))),
        encoding="utf-8",
    )
    leaks = find_leaks(dest, solutions)
    if leaks:
        shutil.rmtree(dest)
        raise ReleaseError(
            tr("the bundle would leak solution text:", "发布包会泄露参考答案的文字：")
            + "\n  "
            + "\n  ".join(leaks[:20])
        )
    public = sorted((dest / "tests" / "grading" / "public").glob("test_*.py"))
    topics = sorted((n.removesuffix(".py") for n in stubs), key=course_order)
    return Bundle(dest, topics, len(public))


def student_readme(modules: list[str]) -> str:
    topics = ", ".join(f"`{m.removesuffix('.py')}`" for m in modules)
    return STUDENT_README.replace("{topics}", topics)


# both languages: the README holds its Chinese and its English sections
STUDENT_README = """\
# PyTorch 练习 / PyTorch exercises — 深度学习与PyTorch入门实战

[中文](#中文) · [English](#english)

## 中文

这是《深度学习与PyTorch入门实战》课程的练习包。`exercises/` 里每个主题一个文件
（{topics}），每个函数的文档字符串就是题目：写清了要做什么、张量形状和一个例子。把
`# YOUR CODE HERE` 和 `raise NotImplementedError()` 换成你的答案，然后评分。

### 安装（一次）
需要 Python 3.10 或更新版本。在本文件夹中：

```bash
python3 -m venv .venv
. .venv/bin/activate            # Windows: .venv\\Scripts\\activate
pip install torch               # 或课程指定的版本；只有 CPU 也可以
pip install -e .
```

### 评分
```bash
grade exercises/                # 全部主题
grade exercises/ -t indexing    # 只评一个主题
grade exercises/ --lang zh      # 中文报告
grade list                      # 主题、函数与分值
```

### 边写边评
```bash
grade watch                     # 每次保存都自动重新评分：先评你刚改的函数，再评整个主题
grade                           # 进度：每个主题的得分、已通过的练习、下一步做什么
grade hint indexing.pixel       # 提示：第一条点拨方向，再运行一次看下一条（最后一条接近答案）
grade reset indexing.pixel      # 把这个函数恢复为初始代码（原文件另存为 indexing.py.bak-时间）
```

### 看懂报告
表格给出每个主题的得分；下面列出每个失分的检查和原因：

- ✓ 通过；✗ `failed`：答案不对，消息会说出期望值、得到的值，以及像是哪种常见错误
  （例如“像是用了 transpose 而不是 permute”）；
- `error`：你的代码抛出了异常，消息里有你代码中的出错位置；
- `timeout`：运行超时，通常是逐元素的 Python 循环，请改用张量运算；
- `not implemented yet`：这个函数还是 `raise NotImplementedError()`；
- `skipped`：这台机器上无法运行的检查（例如没有 CUDA 显卡），不计入满分。

这里只有公开检查。老师评分时还会运行更多隐藏检查（其他形状、边界情况），所以公开检查全部
通过并不保证满分：请按文档字符串把每种情况都做对。你的代码在单独的进程里运行，有时间和内存
限制。

## English

These are the exercises of the course 深度学习与PyTorch入门实战. `exercises/` holds one file per
topic ({topics}); each function's docstring is its specification: what to do, the tensor shapes
and an example. Replace `# YOUR CODE HERE` and `raise NotImplementedError()` with your answer,
then grade.

### Install (once)
Python 3.10 or newer. In this folder:

```bash
python3 -m venv .venv
. .venv/bin/activate            # Windows: .venv\\Scripts\\activate
pip install torch               # or the version your course asks for; CPU only is fine
pip install -e .
```

### Grade
```bash
grade exercises/                # every topic
grade exercises/ -t indexing    # one topic
grade exercises/ --lang en      # the report in English
grade list                      # topics, functions and points
```

### While you work
```bash
grade watch                     # regrade on every save: the function you changed first
grade                           # progress: each topic's score, what passes, what to do next
grade hint indexing.pixel       # a hint; run it again for the next (the last is close to the answer)
grade reset indexing.pixel      # that function's stub back (your file is kept as indexing.py.bak-<time>)
```

### Reading the report
The table gives each topic's score; below it, every check that lost points, and why:

- ✓ passed; ✗ `failed`: a wrong answer; the message gives what was expected, what came back
  and, where it matches a common mistake, its name ("this looks like transpose instead of
  permute");
- `error`: your code raised an exception; the message shows where in your code;
- `timeout`: it ran too long, usually a Python loop over every element: use tensor operations;
- `not implemented yet`: the function still raises `NotImplementedError()`;
- `skipped`: a check this machine cannot run (no CUDA GPU, say); it is left out of the maximum.

Only the public checks are here. Your instructor grades with more, hidden checks (other shapes,
edge cases), so passing every public check does not promise full marks: follow the docstring in
every case. Your code runs in a separate process, with time and memory limits.

Data: `datasets/` holds a 5,000-image subset of MNIST (see `datasets/mnist/NOTICE`) and a small
regression set; `grader.data.load_mnist()` and `grader.data.mnist_loaders()` read them.
"""
