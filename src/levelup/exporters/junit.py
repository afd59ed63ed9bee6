"""`levelup check --junit-xml PATH`: the check as JUnit XML, the format CI servers read.

One `<testsuite>` per checked level (named "Level N: title"), one `<testcase>` per test in file
order with `classname` = test module[.class] and `name` = test function, as pytest writes them.
A failed assertion is a `<failure>`, anything else that did not pass an `<error>`; the element's
text is what the terminal report shows (pytest's diff for visible tests, your code's traceback for
hidden ones, the whole import error when your code could not be imported); what your code printed
is `<system-out>`. A test its author skipped is `<skipped>` (not graded). Hidden tests carry the property
`visibility=hidden`. Characters XML cannot hold (control characters your code printed) are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from levelup.exporters import ExportError
from levelup.exporters.graded_tests import TestName, TestSources
from levelup.grading.results import CheckResult, TestResult
from levelup.problems.model import Problem

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def junit_xml(result: CheckResult, problem: Problem) -> ET.Element:
    sources = TestSources(problem)
    root = ET.Element("testsuites", name=f"levelup {problem.slug}")
    _count(root, result.tests, result.duration)
    for number in result.levels:
        tests = sources.in_file_order(result.for_level(number))
        suite = ET.SubElement(root, "testsuite", name=_xml_text(f"Level {number}: {problem.level(number).title}"))
        _count(suite, tests, sum(t.duration for t in tests))
        for test in tests:
            _testcase(suite, test, result.import_error)
    ET.indent(root, space="  ")
    return root


def write_junit_xml(result: CheckResult, problem: Problem, path: Path) -> Path:
    path = path.resolve()
    document = ET.tostring(junit_xml(result, problem), encoding="unicode")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + document + "\n", encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def _count(element: ET.Element, tests: list[TestResult] | tuple[TestResult, ...], seconds: float) -> None:
    element.set("tests", str(len(tests)))
    element.set("failures", str(sum(t.status == "failed" for t in tests)))
    element.set("errors", str(sum(t.status == "error" for t in tests)))
    element.set("skipped", str(sum(t.status == "skipped" for t in tests)))
    element.set("time", f"{seconds:.3f}")


def _testcase(suite: ET.Element, test: TestResult, import_error: str | None) -> None:
    name = TestName.parse(test.name)
    classname = f"{name.module}.{name.class_name}" if name.class_name else name.module
    case = ET.SubElement(
        suite,
        "testcase",
        classname=_xml_text(classname),
        name=_xml_text(name.function + name.parameters if name.loaded else name.file),
        time=f"{test.duration:.3f}",
    )
    if not test.visible:
        properties = ET.SubElement(case, "properties")
        ET.SubElement(properties, "property", name="visibility", value="hidden")
    if test.status == "skipped":  # by the test's author: not graded
        ET.SubElement(case, "skipped", message=_xml_text(test.message))
    elif not test.passed:
        outcome = ET.SubElement(
            case, "failure" if test.status == "failed" else "error", message=_xml_text(test.message)
        )
        outcome.text = _xml_text(test.details or import_error or test.message)
    if test.output and test.visible:  # what your code printed during a hidden test is never shown
        ET.SubElement(case, "system-out").text = _xml_text(test.output)


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)
