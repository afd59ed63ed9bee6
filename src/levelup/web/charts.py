"""Small server-side SVG charts for the report and history pages (no JavaScript charting
library to bundle). Each chart comes with the table it draws, shown as the fallback."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04")


def line_chart(
    title: str, series: Mapping[str, Sequence[tuple[float, float]]], x_label: str, y_label: str, y_max: float
) -> str:
    """One polyline per series; x and y scaled to the plot area (x from 0 to the largest x)."""
    points = [p for values in series.values() for p in values]
    x_max = max((x for x, _ in points), default=1.0) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + plot_w * x / x_max

    def sy(y: float) -> float:
        return TOP + plot_h * (1 - min(y, y_max) / y_max)

    parts = [_frame(title, x_label, y_label, y_max, x_max)]
    for index, (name, values) in enumerate(series.items()):
        colour = PALETTE[index % len(PALETTE)]
        coords = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in values)
        if len(values) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for x, y in values:
            parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3.5" fill="{colour}">'
                         f"<title>{escape(name)}: {y:g} at {x:g}</title></circle>")
        parts.append(f'<text x="{LEFT + 8}" y="{TOP + 14 + 14 * index}" fill="{colour}" font-size="12">'
                     f"{escape(name)}</text>")
    return _svg(title, parts)


def bar_chart(title: str, bars: Sequence[tuple[str, float]], y_label: str) -> str:
    y_max = max([value for _, value in bars] + [1.0])  # at least one unit, so tiny values stay tiny bars
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(bars), 1)
    parts = [_frame(title, "", y_label, y_max, None)]
    for index, (label, value) in enumerate(bars):
        height = plot_h * value / y_max
        x = LEFT + slot * index + slot * 0.15
        parts.append(f'<rect x="{x:.1f}" y="{TOP + plot_h - height:.1f}" width="{slot * 0.7:.1f}" '
                     f'height="{height:.1f}" fill="{PALETTE[0]}"><title>{escape(label)}: {value:g}</title></rect>')
        parts.append(f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - 18}" text-anchor="middle" font-size="12">'
                     f"{escape(label)}</text>")
    return _svg(title, parts)


def _frame(title: str, x_label: str, y_label: str, y_max: float, x_max: float | None) -> str:
    bottom = HEIGHT - BOTTOM
    lines = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#9ca3af"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="#9ca3af"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11">{_axis_number(y_max)}</text>',
        f'<text x="{LEFT - 6}" y="{bottom}" text-anchor="end" font-size="11">0</text>',
        f'<text x="14" y="{TOP + (bottom - TOP) / 2}" font-size="11" '
        f'transform="rotate(-90 14 {TOP + (bottom - TOP) / 2})" text-anchor="middle">{escape(y_label)}</text>',
    ]
    if x_max is not None:
        lines.append(
            f'<text x="{WIDTH - RIGHT}" y="{bottom + 14}" text-anchor="end" font-size="11">{_axis_number(x_max)}</text>'
        )
        lines.append(f'<text x="{LEFT + (WIDTH - LEFT - RIGHT) / 2}" y="{HEIGHT - 4}" text-anchor="middle" '
                     f'font-size="11">{escape(x_label)}</text>')
    return "".join(lines)


def _axis_number(value: float) -> str:
    """A readable axis label: 1000, 91.1, 0.25, 0 (never scientific notation)."""
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _svg(title: str, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="{escape(title)}" class="chart"><title>{escape(title)}</title>{"".join(parts)}</svg>')
