"""Rationale pages: the written rationale in each requested language, Markdown rendered safely."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from markdown_it import MarkdownIt
from markdown_it.token import Token
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.text import markup

_MARKDOWN = MarkdownIt("commonmark", {"html": False})  # raw HTML in an LLM answer prints as text


def language_name(code: str) -> str:
    """The language's own name for itself, e.g. 日本語 for ja."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def _inline(ctx: DocContext, token: Token) -> tuple[str, str]:
    """(markup, plain text) of an inline token: text escaped per run, bold kept, everything else literal."""
    parts: list[str] = []
    plain: list[str] = []
    bold = 0
    for child in token.children or []:
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold = max(bold - 1, 0)
        elif child.type in ("text", "code_inline", "html_inline"):
            parts.append(markup(child.content, ctx.chain(), bold=bold > 0, rtl=False))
            plain.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("<br/>" if child.type == "hardbreak" else " ")
            plain.append(" ")
    return "".join(parts), "".join(plain)


def markdown_flowables(ctx: DocContext, source: str) -> list[Flowable]:
    """Paragraphs, headings and bullet lists of a Markdown body."""
    tokens = _MARKDOWN.parse(source)
    story: list[Flowable] = []
    bullet = False
    heading = False
    for token in tokens:
        if token.type == "bullet_list_open" or token.type == "ordered_list_open":
            bullet = True
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullet = False
        elif token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            content, text = _inline(ctx, token)
            if heading:
                story.append(ctx.rich(f"<b>{content}</b>", text, "body"))
            elif bullet:
                base = ctx._style_for("body", text, None)
                style = ParagraphStyle(
                    f"{base.name}-bullet",
                    parent=base,
                    leftIndent=12,
                    bulletIndent=2,
                    bulletFontName=ctx.faces.body.name,
                )
                story.append(Paragraph(content, style, bulletText="•"))
            else:
                story.append(ctx.rich(content, text, "body"))
        elif token.type in ("fence", "code_block"):
            story.append(ctx.para(token.content, "small"))
    return story


def rationale_pages(ctx: DocContext) -> list[Flowable]:
    story: list[Flowable] = [ctx.heading(ctx.gettext("Rationale"))]
    documents = ctx.inputs.rationale.documents
    for code in [*ctx.inputs.request.languages, *sorted(documents)]:
        document = documents.get(code)
        if document is None or any(getattr(f, "outline_title", None) == language_name(code) for f in story):
            continue
        story.append(ctx.heading(language_name(code), 1))
        for section in document.sections:
            story.append(ctx.heading(section.title, 2))
            story.extend(markdown_flowables(ctx, section.body))
    if ctx.inputs.rationale.backend == "template" and ctx.inputs.rationale.fallback_reason:
        # A fixed sentence, never the recorded reason: whatever a stage recorded stays off the page
        # (the reason once carried the operator's LLM address and credentials; issue 22).
        note = ctx.gettext("Written from templates: the language model was not available when this document was made.")
        story.append(ctx.para(note, "caption"))
    return story
