"""Gradescope's results.json and JUnit XML carry the same scores and messages as the report."""

import json
import xml.etree.ElementTree as ET

from grader.exports import gradescope_results, junit_xml
from grader.plugin import TestRecord
from grader.report import Report
from tests.kit.conftest import run_grade


def _report():
    records = [
        TestRecord("p.py::test_a", "dims", "dims.a", "public", "passed", 2, 2, ""),
        TestRecord(
            "h.py::test_a2", "dims", "dims.a", "hidden", "failed", 0, 3, "Wrong shape.\nMore."
        ),
        TestRecord("h.py::test_b", "dims", "dims.b", "hidden", "timeout", 0, 1, "Too slow."),
        TestRecord("h.py::test_c", "dims", "dims.c", "hidden", "not-implemented", 0, 1, ""),
        TestRecord(
            "h.py::test_cuda", "dims", "dims.a", "hidden", "skipped", 0, 0, "no CUDA device"
        ),
    ]
    return Report.build(
        target="sub", duration_s=1.5, environment={}, topics=["dims"], records=records
    )


def test_gradescope_results():
    results = gradescope_results(_report())
    assert results["score"] == 2 and results["execution_time"] == 1.5
    assert [t["max_score"] for t in results["tests"]] == [2, 3, 1, 1]  # the skipped one is out
    assert [t["status"] for t in results["tests"]] == ["passed", "failed", "failed", "failed"]
    assert results["tests"][1]["output"] == "failed: Wrong shape.\nMore."
    assert results["tests"][0]["visibility"] == "visible"
    assert results["tests"][1]["visibility"] == "after_due_date"
    assert results["tests"][1]["name"] == "dims.a — test_a2"


def test_junit_xml():
    root = ET.fromstring(junit_xml(_report()))
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "dims" and suite.get("tests") == "5"
    assert (suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("1", "2", "1")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert cases["test_a2"].find("failure").get("message") == "Wrong shape."
    assert cases["test_b"].find("error").get("type") == "timeout"
    assert cases["test_c"].find("error").get("message") == "not-implemented"
    assert cases["test_cuda"].find("skipped") is not None
    score = {p.get("name"): p.get("value") for p in cases["test_a"].iter("property")}
    assert score["score"] == "2" and score["max_score"] == "2"


def test_cli_writes_both_for_a_single_run(tmp_path):
    gradescope, junit, report = tmp_path / "results.json", tmp_path / "j.xml", tmp_path / "r.json"
    proc = run_grade(
        "solutions/",
        "-t",
        "where_gather",
        "--gradescope",
        gradescope,
        "--junit",
        junit,
        "--json",
        report,
    )
    assert proc.returncode == 0, proc.stderr
    mine, theirs = json.loads(report.read_text()), json.loads(gradescope.read_text())
    assert theirs["score"] == mine["score"] == mine["max_score"]
    assert sum(t["max_score"] for t in theirs["tests"]) == mine["max_score"]
    cases = ET.parse(junit).getroot().iter("testcase")
    assert sum(1 for _ in cases) == len(mine["tests"])
