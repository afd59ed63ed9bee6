"""The server-side charts read as a person reads them: plain axis numbers, escaped labels."""

from __future__ import annotations

import re

from levelup.web.charts import bar_chart, line_chart


def axis_labels(svg: str) -> list[str]:
    return re.findall(r'font-size="11">([^<]*)</text>', svg)


def test_tiny_and_fractional_values_get_plain_axis_numbers() -> None:
    svg = bar_chart("Average minutes to pass each level", [("L1", 0.0003), ("L2", 0.5)], "minutes")
    assert "e-" not in "".join(axis_labels(svg))
    assert "1" in axis_labels(svg)  # the axis spans at least one minute
    line = line_chart("Score", {"a": [(0.0, 10.0), (91.08512, 500.0)]}, "minutes", "score", 1000)
    assert "91.09" in axis_labels(line) and "1000" in axis_labels(line)


def test_labels_from_names_are_escaped() -> None:
    svg = line_chart("Score <by> topic", {"<script>": [(0.0, 1.0)]}, "x", "y", 10)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
