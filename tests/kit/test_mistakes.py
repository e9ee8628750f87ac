"""Every grading test can fail on a realistic wrong answer, and correct alternatives keep every
point. The wrong answers and alternatives per topic live in tests/kit/mutants/<topic>.py.

The variants are graded under `--lang zh`: every message a mistake brings must be Chinese, with no
English sentence outside code and quotes (issue 14; the English sides are checked from the source
by test_languages)."""

import pytest

from tests.kit.conftest import ROOT, function_scores, grade_many
from tests.kit.language import english_runs, highlight
from tests.kit.mutants import variants

TOPICS = variants.topics()


@pytest.mark.slow
@pytest.mark.parametrize("topic", TOPICS)
def test_mistakes_lose_points_alternatives_keep_them(topic, tmp_path):
    table = variants.load(topic)
    reference = (ROOT / "solutions" / f"{topic}.py").read_text(encoding="utf-8")
    runs = {"reference": ("reference", None, None, "")}
    for kind, variants_by_function in (
        ("mistake", table.mistakes),
        ("alternative", table.alternatives),
    ):
        for function, by_label in variants_by_function.items():
            for i, (label, source) in enumerate(by_label.items()):
                runs[f"{kind}-{function}-{i}"] = (kind, f"{topic}.{function}", label, source)
    for name, (_, _, _, source) in runs.items():
        folder = tmp_path / "subs" / name
        folder.mkdir(parents=True)
        (folder / f"{topic}.py").write_text(
            reference + "\n\n# --- variant under test ---\n" + source, encoding="utf-8"
        )
    reports = grade_many(
        sorted((tmp_path / "subs").iterdir()), tmp_path / "reports", topics=[topic], lang="zh"
    )

    reference_report = reports["reference"]
    assert reference_report["score"] == reference_report["max_score"] > 0
    # A skipped test (CUDA checks on a machine without CUDA) cannot fail here.
    all_tests = {t["id"] for t in reference_report["tests"] if t["outcome"] != "skipped"}
    failed_somewhere = set()
    problems = []
    for name, (kind, function, label, _) in runs.items():
        if kind == "reference":
            continue
        report = reports[name]
        scores = function_scores(report)
        if function not in scores:
            problems.append(f"{function}: no grading test checks it")
            continue
        got, most = scores[function]
        others_full = all(s == m for f, (s, m) in scores.items() if f != function)
        if kind == "mistake":
            failed_somewhere |= {t["id"] for t in report["tests"] if t["outcome"] != "passed"}
            if got >= most:
                problems.append(f"mistake '{label}' in {function} kept all {most:g} points")
            if not others_full:
                problems.append(f"mistake '{label}' in {function} cost points elsewhere")
            messages = [
                t["message"]
                for t in report["tests"]
                if t["function"] == function and t["outcome"] != "passed"
            ]
            if not any(messages):
                problems.append(f"mistake '{label}' in {function} lost points without a message")
            for message in messages:
                if spans := english_runs(message):
                    problems.append(
                        f"mistake '{label}' in {function}: English in its Chinese message: "
                        + highlight(message, spans)
                    )
        elif report["score"] != report["max_score"]:
            lost = [
                f"{t['id']}: {t['message'][:200]}"
                for t in report["tests"]
                if t["outcome"] != "passed"
            ]
            problems.append(f"alternative '{label}' for {function} lost points: {lost}")
    # A device-agreement check fails only for a device bug, and most device bugs are already
    # caught on the meta device (on every machine); not every topic lists one that only CUDA sees.
    never_failed = sorted(t for t in all_tests - failed_somewhere if "test_same_on_cuda[" not in t)
    if never_failed:
        problems.append(f"grading tests that no listed mistake makes fail: {never_failed}")
    assert not problems, "\n".join(problems)
