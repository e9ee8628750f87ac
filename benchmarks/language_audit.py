"""How many of the grader's messages are not in the language the student asked for (issue 14).

Grades every variant of every topic (the reference solution, the untouched stub in exercises/,
and each mistake and alternative in tests/kit/mutants/<topic>.py) with `--lang zh` and with
`--lang en`, collects the distinct messages of the tests that did not pass, and counts:

- zh: messages that still carry an English sentence, i.e. a run of four or more English words
  outside code and quotes;
- en: messages that carry Chinese outside the course's lesson titles and quotes
(the detectors are tests/kit/language.py's, which the kit's language tests use too).

"Did not pass" includes skipped tests: their reason ("no CUDA device") is shown to the student too.
Target (issue 14): both counts are 0. This script only measures: it always exits 0.

    python benchmarks/language_audit.py --topic dims --show 5
    python benchmarks/language_audit.py [--topic T ...] [--lang en|zh|both] [--show N]

Time (2-core machine, quiet): the full run grades 851 variants in each language, 513 s for zh and
533 s for en; topic indexing alone (35 variants) takes about 20 s a language. Last full run (issue
14): 2159 distinct failing messages in each language, 0 flagged in either.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from grader.runner import grade  # noqa: E402
from grader.topics import COURSE_ORDER  # noqa: E402
from tests.kit.language import chinese_runs, english_runs, highlight  # noqa: E402
from tests.kit.mutants.variants import load as load_variants  # noqa: E402

SUITES = ROOT / "tests" / "grading"
VARIANT_MARKER = "\n\n# --- variant under test ---\n"

# --- grading ------------------------------------------------------------------------------------


def variants(topic: str) -> dict[str, str]:
    """{name: source of <topic>.py}: the reference, the stub, every mistake and alternative."""
    reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
    sources = {
        "reference": reference,
        "stub": (ROOT / "exercises" / f"{topic}.py").read_text(encoding="utf-8"),
    }
    table = load_variants(topic)
    for kind, by_function in (("mistake", table.mistakes), ("alternative", table.alternatives)):
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


def audit_language(topics: list[str], lang: str, show: int) -> None:
    if lang == "zh":
        offending, what = english_runs, "with an English run of 4+ words"
    else:
        offending, what = chinese_runs, "with Chinese outside lesson titles"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", action="append", choices=COURSE_ORDER, help="repeatable")
    parser.add_argument("--lang", choices=("en", "zh", "both"), default="both")
    parser.add_argument("--show", type=int, default=0, help="flagged messages to print a topic")
    args = parser.parse_args()
    topics = args.topic or COURSE_ORDER
    for lang in ("zh", "en") if args.lang == "both" else (args.lang,):
        audit_language(topics, lang, args.show)


if __name__ == "__main__":
    main()
