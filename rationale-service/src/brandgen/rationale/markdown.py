"""Markdown helpers: escaping user text, tidying rendered paragraphs, writing the document file."""

from __future__ import annotations

import re

from brandgen.shared.contracts import RationaleDocument

# Characters that start inline markup; escaped so a company called "*Star*" stays literal text.
_MARKUP = re.compile(r"([\\`*_\[\]<>|])")
PARAGRAPH = "\u2029"
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def escape(text: str) -> str:
    """User-supplied text as literal Markdown on one line."""
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def _join(left: str, right: str) -> str:
    # Chinese and Japanese set sentences without spaces between them (Han, kana, CJK and full-width punctuation).
    if _CJK.match(left[-1:]) or _CJK.match(right[:1]):
        return left + right
    return f"{left} {right}"


def tidy(rendered: str) -> str:
    """Markdown paragraphs from a rendered template.

    Templates write one sentence per line and mark paragraph ends with PARAGRAPH (U+2029), so
    their control tags can sit on lines of their own: sentence lines are joined, list items
    stay one per line, and empty lines mean nothing.
    """
    paragraphs: list[str] = []
    for block in rendered.split(PARAGRAPH):
        lines: list[str] = []
        for line in (re.sub(r"\s+", " ", part).strip() for part in block.splitlines()):
            if not line:
                continue
            if lines and not line.startswith("- ") and not lines[-1].startswith("- "):
                lines[-1] = _join(lines[-1], line)
            else:
                lines.append(line)
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def document_markdown(document: RationaleDocument, title: str) -> str:
    parts = [f"# {title}"]
    for section in document.sections:
        parts.append(f"## {section.title}\n\n{section.body.strip()}")
    return "\n\n".join(parts) + "\n"
