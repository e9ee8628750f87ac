"""How many of the grader's messages are not in the language the student asked for (issue 14).

Grades every variant of every topic (the reference solution, the untouched stub in exercises/,
and each mistake and alternative in tests/kit/mutants/<topic>.py) with `--lang zh` and with
`--lang en`, collects the distinct messages of the tests that did not pass, and counts:

- zh: messages that still carry an English sentence, i.e. a run of four or more English words
  once code (backticks, calls, indexing, shapes, dotted names, identifiers with `_`, `=`, `->`,
  names with digits such as float32) is taken out. Numbers are taken out without breaking a run
  ("120 of 150 values differ" is the English run "of values differ").
- en: messages that carry Chinese (CJK characters or CJK/fullwidth punctuation) once the lesson
  titles are taken out (those may stay in Chinese: they name the course's lessons).

"Did not pass" includes skipped tests: their reason ("no CUDA device") is shown to the student too.
Target (issue 14): both counts are 0. This script only measures: it always exits 0.

    python benchmarks/language_audit.py --topic dims --show 5
    python benchmarks/language_audit.py [--topic T ...] [--lang en|zh|both] [--show N]

Time: topic indexing (35 variants) takes about 22 s a language on a 2-core machine, 0.65 s a
variant. The full run grades 851 variants twice: 20 minutes at that pace, more (30 to 40) since
most topics have more checks and some train (optimization, mlp_mnist, regularization, cnn).
"""

import argparse
import ast
import importlib
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.runner import grade  # noqa: E402
from grader.topics import COURSE_ORDER  # noqa: E402

SUITES = ROOT / "tests" / "grading"
VARIANT_MARKER = "\n\n# --- variant under test ---\n"

# --- zh: English runs ---------------------------------------------------------------------------

WORD = r"[A-Za-z]+(?:['-][A-Za-z]+)*"
# what may stand between two words of one run: blanks and light punctuation. Anything else (CJK,
# `：`, `。`, `.`, `(`, a removed code token) ends the run.
RUN_GLUE = r"[\s,;:'\"-]+"
ENGLISH_RUN = re.compile(rf"{WORD}(?:{RUN_GLUE}{WORD}){{3,}}")  # four words or more

CODE_BREAK = "\x00"  # masks code: not a word character and not glue, so it ends a run
ID = r"[A-Za-z0-9_]"
NOT_ID_BEFORE = rf"(?<!{ID})"
NOT_ID_AFTER = rf"(?!{ID})"
# a call or an indexing with no bracket inside; applied until nothing changes, so that nested
# ones (x.index_select(0, torch.tensor(i))) go from the inside out
CALL_OR_INDEX = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*[(\[][^()\[\]\n]*[)\]]")
BACKTICKS = re.compile(r"`+[^`]*`+")  # `code` and ``code``
CODE_PATTERNS = [
    re.compile(r"\[[^\[\]\n]*\]"),  # shapes and lists: [2, 4, 5, 3], [b, c, h, w]
    re.compile(rf"{NOT_ID_BEFORE}[A-Za-z_]{ID}*(?:\.{ID}+)+"),  # x.view, torch.Tensor, e.g
    re.compile(rf"{ID}*_{ID}*"),  # first_image, __init__
    re.compile(r"\S*(?:->|=)\S*"),  # dim=1, a -> b
]
NUMBER = re.compile(rf"{NOT_ID_BEFORE}[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?%?{NOT_ID_AFTER}")
NAME_WITH_DIGITS = re.compile(
    rf"{NOT_ID_BEFORE}(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]+{NOT_ID_AFTER}"
)


def _mask(text: str, pattern: re.Pattern, fill: str) -> str:
    """`text` with each match of `pattern` overwritten by `fill`, keeping every offset."""
    return pattern.sub(lambda m: fill * len(m.group()), text)


def mask_code(message: str) -> str:
    """The message with code overwritten (same length, so offsets still point into it)."""
    text = _mask(message, BACKTICKS, CODE_BREAK)
    while True:
        unnested = _mask(text, CALL_OR_INDEX, CODE_BREAK)
        if unnested == text:
            break
        text = unnested
    for pattern in CODE_PATTERNS:
        text = _mask(text, pattern, CODE_BREAK)
    # Numbers go before names with digits, so that 1e-5 is one number, not the name "1e".
    # A number is part of the sentence around it: it becomes a blank, which keeps the run going.
    text = _mask(text, NUMBER, " ")
    return _mask(text, NAME_WITH_DIGITS, CODE_BREAK)


def english_runs(message: str) -> list[tuple[int, int]]:
    """Spans (in `message`) of the runs of four or more English words outside code."""
    return [m.span() for m in ENGLISH_RUN.finditer(mask_code(message))]


# --- en: Chinese outside lesson titles ----------------------------------------------------------

CJK_CHARS = "\u3400-\u9fff\u3000-\u303f\uff00-\uffef"
CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
HAS_CJK = re.compile(f"[{CJK_CHARS}]")
# Lesson names that messages cite but no solution docstring's first line spells out.
COURSE_LESSON_NAMES = [
    "激活函数及其梯度",
    "Loss及其梯度",
    "反向传播",
    "池化层与采样",
    "经典卷积网络",
    "动量与学习率衰减",
    "卷积",
]


def lesson_titles() -> list[str]:
    """The Chinese lesson titles an English message may cite, longest first.

    An approximation until the kit has a catalogue of the course's lessons: the Chinese segments
    of the first line of each solutions/<topic>.py docstring ("维度变换 / Changing dimensions"
    gives 维度变换; "经典卷积网络 / ResNet与DenseNet / nn.Module模块 — ..." gives all three;
    a segment with an English word beside its Chinese, "Broadcast 自动扩展", also gives
    自动扩展), plus COURSE_LESSON_NAMES.
    """
    titles = set(COURSE_LESSON_NAMES)
    for path in sorted((ROOT / "solutions").glob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        first_line = docstring.splitlines()[0] if docstring else ""
        title_part = first_line.split(" — ")[0]
        for segment in title_part.split(" / "):
            segment = segment.strip()
            if HAS_CJK.search(segment):
                titles.add(segment)
                titles.update(w for w in segment.split() if HAS_CJK.search(w))
    return sorted(titles, key=len, reverse=True)


def chinese_runs(message: str, titles: list[str]) -> list[tuple[int, int]]:
    """Spans (in `message`) of the Chinese outside the lesson titles."""
    text = message
    for title in titles:
        text = text.replace(title, " " * len(title))
    return [m.span() for m in CJK_RUN.finditer(text)]


# --- grading ------------------------------------------------------------------------------------


def variants(topic: str) -> dict[str, str]:
    """{name: source of <topic>.py}: the reference, the stub, every mistake and alternative."""
    reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
    sources = {
        "reference": reference,
        "stub": (ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8"),
    }
    table = importlib.import_module(f"tests.kit.mutants.{topic}")
    for kind, by_function in (("mistake", table.MISTAKES), ("alternative", table.ALTERNATIVES)):
        for function, by_label in by_function.items():
            for label, source in by_label.items():
                sources[f"{kind} {function}: {label}"] = reference + VARIANT_MARKER + source
    return sources


def failing_messages(topic: str, sources: dict[str, str], lang: str) -> list[str]:
    """The distinct messages of the tests that did not pass, over all variants, in first-seen
    order ("" included: a test that fails without a word is worth seeing too)."""
    messages: dict[str, None] = {}
    for source in sources.values():
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / f"{topic}.py").write_text(source, encoding="utf-8")
            report = grade(
                Path(folder), SUITES, topics=[topic], timeout=10, memory_mb=4096, lang=lang
            )
        for record in report.tests:
            if record.outcome != "passed":
                messages.setdefault(record.message, None)
    return list(messages)


# --- report -------------------------------------------------------------------------------------


def highlight(message: str, spans: list[tuple[int, int]]) -> str:
    """The message with each span put in «»."""
    parts, last = [], 0
    for start, end in spans:
        parts += [message[last:start], "«", message[start:end], "»"]
        last = end
    parts.append(message[last:])
    return "".join(parts)


def audit_language(topics: list[str], lang: str, show: int, titles: list[str]) -> None:
    if lang == "zh":
        offending, what = english_runs, "with an English run of 4+ words"
    else:
        offending, what = (lambda m: chinese_runs(m, titles)), "with Chinese outside lesson titles"
    print(f"\n=== --lang {lang}: failing messages {what} ===")
    print(f"{'topic':<18}{'variants':>9}{'distinct failing':>18}{'flagged':>9}{'empty':>7}")
    started = time.perf_counter()
    all_messages, all_flagged = set(), set()
    for topic in topics:
        sources = variants(topic)
        messages = failing_messages(topic, sources, lang)
        flagged = {m: spans for m in messages if (spans := offending(m))}
        empty = sum(1 for m in messages if not m.strip())
        print(f"{topic:<18}{len(sources):>9}{len(messages):>18}{len(flagged):>9}{empty:>7}")
        for message, spans in list(flagged.items())[:show]:
            print("    - " + highlight(message, spans).replace("\n", "\n      "))
        all_messages.update(messages)
        all_flagged.update(flagged)
    elapsed = time.perf_counter() - started
    print(
        f"{'total (distinct)':<18}{'':>9}{len(all_messages):>18}{len(all_flagged):>9}"
        f"   ({elapsed:.0f} s)"
    )


def _self_check(titles: list[str]) -> None:
    """The detectors on a few known strings."""

    def zh_flags(message):
        return bool(english_runs(message))

    def en_flags(message):
        return bool(chinese_runs(message, titles))

    assert not zh_flags("The result 的形状是 [2, 5, 4, 3]，应为 [2, 4, 5, 3]。")
    assert zh_flags("结果不对：120 of 150 values differ; max abs error 3.53")
    assert not zh_flags("用 permute(0, 2, 3, 1) 代替 transpose(1, 3)")
    assert not zh_flags("输入 [b, c, h, w] 与 x.index_select(0, torch.tensor(idx)) 不同")
    assert not zh_flags("`x.view(b, -1)` 与 ``x.reshape`` 不同，dim=1 是 float32")
    assert not zh_flags("返回了 first_image 的 torch.Tensor 而不是 Python 数字")
    assert zh_flags("函数出错：expected a tensor of shape [3, 28, 28]")
    assert english_runs("错了：it doesn't work at all。") == [(3, 25)]
    assert not en_flags("(Lesson 维度变换: expand vs repeat)")
    assert not en_flags("(Lessons 4–6 简单回归问题 / 回归问题实战) (Lesson 卷积 / Convolution)")
    assert en_flags("数值都对但顺序错了")
    assert en_flags("Wrong shape：expected [2, 3]")  # a fullwidth colon
    assert chinese_runs("Lesson 维度变换: 顺序错了", titles) == [(13, 17)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", action="append", choices=COURSE_ORDER, help="repeatable")
    parser.add_argument("--lang", choices=("en", "zh", "both"), default="both")
    parser.add_argument("--show", type=int, default=0, help="flagged messages to print a topic")
    args = parser.parse_args()
    titles = lesson_titles()
    _self_check(titles)
    topics = args.topic or COURSE_ORDER
    for lang in ("zh", "en") if args.lang == "both" else (args.lang,):
        audit_language(topics, lang, args.show, titles)


if __name__ == "__main__":
    main()
