"""Specs rendered for the browser: Markdown through markdown-it-py (raw HTML is escaped, never
passed through) with code blocks highlighted by Pygments. Both come with Rich."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_FORMATTER = HtmlFormatter(nowrap=True)


def _highlight(code: str, language: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(language or "python")
    except ClassNotFound:
        return escape(code)
    return highlight(code, lexer, _FORMATTER)


_RENDERER = MarkdownIt("commonmark", {"html": False, "highlight": _highlight}).enable("table")


def to_html(text: str) -> str:
    return _RENDERER.render(text)


def highlight_css() -> str:
    return str(_FORMATTER.get_style_defs(".spec pre"))
