"""The report in other tools' formats: Gradescope's `results.json` and JUnit XML (for CI
dashboards and LMS plug-ins that read test reports)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from grader.report import Report

# Gradescope shows a "visible" test at once; hidden checks are shown after the due date, as
# the kit shows their messages but never their code.
GRADESCOPE_VISIBILITY = {"public": "visible", "hidden": "after_due_date"}


def gradescope_results(report: Report) -> dict:
    """Gradescope's autograder `results.json`: one entry per check, scores and messages."""
    tests = []
    for r in report.tests:
        if r.outcome == "skipped":
            continue  # out of the maximum, as in the kit's own report
        tests.append(
            {
                "name": f"{r.function} — {r.id.split('::', 1)[-1]}",
                "score": r.score,
                "max_score": r.max_score,
                "status": "passed" if r.outcome == "passed" else "failed",
                "output": r.message if r.outcome == "passed" else f"{r.outcome}: {r.message}",
                "visibility": GRADESCOPE_VISIBILITY.get(r.visibility, "visible"),
            }
        )
    lines = [f"{t['name']}: {t['score']:g} / {t['max_score']:g}" for t in report.topics]
    return {
        "score": report.score,
        "execution_time": round(report.duration_s, 1),
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }


def junit_xml(report: Report) -> str:
    """JUnit XML: a test suite per topic, a test case per check (classname topic.function)."""
    suites = ET.Element("testsuites", name=f"grade {report.target}", time=f"{report.duration_s}")
    by_topic: dict[str, list] = {}
    for r in report.tests:
        by_topic.setdefault(r.topic, []).append(r)
    for topic, records in by_topic.items():
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=topic,
            tests=str(len(records)),
            failures=str(sum(r.outcome == "failed" for r in records)),
            errors=str(sum(r.outcome in ("error", "timeout", "not-implemented") for r in records)),
            skipped=str(sum(r.outcome == "skipped" for r in records)),
        )
        for r in records:
            case = ET.SubElement(
                suite, "testcase", classname=r.function, name=r.id.split("::", 1)[-1]
            )
            properties = ET.SubElement(case, "properties")
            for key, value in (
                ("score", r.score),
                ("max_score", r.max_score),
                ("visibility", r.visibility),
                ("outcome", r.outcome),
            ):
                ET.SubElement(properties, "property", name=key, value=str(value))
            headline = (r.message.splitlines() or [r.outcome])[0][:200]
            if r.outcome == "failed":
                ET.SubElement(case, "failure", message=headline).text = r.message
            elif r.outcome == "skipped":
                ET.SubElement(case, "skipped", message=r.message)
            elif r.outcome != "passed":
                ET.SubElement(case, "error", type=r.outcome, message=headline).text = r.message
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def write_gradescope(report: Report, path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(gradescope_results(report), f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_junit(report: Report, path) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(junit_xml(report))
