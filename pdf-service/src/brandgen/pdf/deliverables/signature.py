"""The email signature: HTML that survives mail clients, and its plain-text twin.

Mail clients drop `<style>` blocks, scripts, web fonts and most CSS layout, so the signature is a
table with inline styles, explicit widths and web-safe font stacks. The logo is embedded as a PNG
data URI (and shipped beside it, for hosting it at an absolute URL where a client blocks data URIs).
Dark mode: the signature sits on its own white card (bgcolor and background-color both set), the
logo PNG has its own white ground, and `color-scheme: light` asks clients not to recolour it; where a
client inverts it anyway, it inverts the card and the text together, so they still contrast.
All request text is HTML-escaped: markup in a name prints as typed.
"""

from __future__ import annotations

import base64
from html import escape

from brandgen.pdf.colours import contrast
from brandgen.pdf.deliverables.contact import ContactLines
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.records import Deliverable

FONT_STACK = "Arial, Helvetica, sans-serif"
LOGO_PX = (96, 96)  # CSS pixels; the PNG is 2x for sharp screens


def _ink(ctx: DocContext, tone: str, fallback: str, minimum: float) -> str:
    """A neutral tone that reaches `minimum` contrast on white, darker ones tried in turn."""
    for candidate in (ctx.tone("neutral", tone, fallback), ctx.tone("neutral", "800", fallback), "#1b1b1f"):
        if contrast(candidate, "#ffffff") >= minimum:
            return str(candidate)
    return "#1b1b1f"


def _link_colour(ctx: DocContext) -> str:
    for candidate in (
        ctx.role("primary"),
        ctx.tone("primary", "700", "#1a4fb5"),
        ctx.tone("primary", "800", "#123a85"),
    ):
        if contrast(candidate, "#ffffff") >= 4.5:
            return str(candidate)
    return "#1b1b1f"


def _text_cell(text: str, style: str) -> str:
    return f'<tr><td dir="auto" style="{style}">{escape(text)}</td></tr>'


def signature_html(ctx: DocContext, contact: ContactLines, logo_png: bytes) -> str:
    request = ctx.inputs.request
    ink = _ink(ctx, "900", "#1b1b1f", 7.0)
    muted = _ink(ctx, "700", "#44464f", 4.5)
    link = _link_colour(ctx)
    accent = ctx.role("primary")
    base = f"font-family:{FONT_STACK};margin:0;padding:0;"
    rows = [_text_cell(contact.name or request.company_name, f"{base}font-size:15px;font-weight:bold;color:{ink};")]
    if contact.title:
        rows.append(_text_cell(contact.title, f"{base}font-size:13px;color:{muted};"))
    if contact.name:
        rows.append(_text_cell(request.company_name, f"{base}font-size:13px;font-weight:bold;color:{muted};"))
    details: list[str] = []
    if contact.email:
        href = "" if contact.placeholder else f' href="mailto:{escape(contact.email)}"'
        details.append(f'<a{href} style="color:{link};text-decoration:none;">{escape(contact.email)}</a>')
    if contact.phone:
        digits = "".join(char for char in contact.phone if char.isdigit() or char == "+")
        href = "" if contact.placeholder else f' href="tel:{escape(digits)}"'
        details.append(f'<a{href} style="color:{link};text-decoration:none;">{escape(contact.phone)}</a>')
    if contact.website:
        href = f' href="{escape(contact.website_url)}"' if contact.website_url else ""
        details.append(f'<a{href} style="color:{link};text-decoration:none;">{escape(contact.website)}</a>')
    if details:
        separator = f'<span style="color:{muted};"> &nbsp;|&nbsp; </span>'
        rows.append(
            f'<tr><td dir="auto" style="{base}padding-top:6px;font-size:12px;">{separator.join(details)}</td></tr>'
        )
    if contact.address:
        rows.append(_text_cell(contact.address, f"{base}font-size:12px;color:{muted};"))
    if request.tagline:
        rows.append(
            _text_cell(request.tagline, f"{base}padding-top:6px;font-size:12px;font-style:italic;color:{muted};")
        )
    logo = base64.b64encode(logo_png).decode("ascii")
    width, height = LOGO_PX
    alt = escape(request.company_name, quote=True)
    return (
        "<!DOCTYPE html>\n"
        '<html><head><meta charset="utf-8">'
        '<meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light">'
        f"<title>{escape(request.company_name)} email signature</title></head>"
        '<body style="margin:0;padding:0;">\n'
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" '
        'style="border-collapse:collapse;background-color:#ffffff;color-scheme:light;">'
        "<tr>"
        f'<td valign="top" bgcolor="#ffffff" style="padding:12px 16px 12px 12px;border-right:3px solid {accent};'
        'background-color:#ffffff;">'
        f'<img src="data:image/png;base64,{logo}" width="{width}" height="{height}" alt="{alt}" '
        'style="display:block;border:0;outline:none;width:96px;height:96px;">'
        "</td>"
        '<td valign="top" width="440" bgcolor="#ffffff" '
        'style="padding:12px 12px 12px 16px;max-width:440px;background-color:#ffffff;">'
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;">'
        f"{''.join(rows)}</table>"
        "</td></tr></table>\n</body></html>\n"
    )


def signature_text(ctx: DocContext, contact: ContactLines) -> str:
    """The plain-text twin: the standard `-- ` separator, then one fact per line."""
    request = ctx.inputs.request
    lines = ["-- ", contact.name or request.company_name]
    if contact.title:
        lines.append(contact.title)
    if contact.name:
        lines.append(request.company_name)
    lines.extend(line for line in (contact.email, contact.phone, contact.website, contact.address) if line)
    if request.tagline:
        lines.append(request.tagline)
    return "\n".join(lines) + "\n"


def render_signature(ctx: DocContext, contact: ContactLines, logo_png: bytes) -> list[Deliverable]:
    extra: dict[str, object] = {"placeholders": contact.placeholder}
    return [
        Deliverable(
            "deliverables/email-signature/email-signature.html",
            signature_html(ctx, contact, logo_png).encode(),
            "email_signature_html",
            "text/html",
            extra=extra,
        ),
        Deliverable(
            "deliverables/email-signature/email-signature.txt",
            signature_text(ctx, contact).encode(),
            "email_signature_text",
            "text/plain",
            extra=extra,
        ),
        Deliverable(
            "deliverables/email-signature/email-signature-logo.png",
            logo_png,
            "email_signature_logo",
            "image/png",
            *LOGO_PX_2X,
            "px",
        ),
    ]


LOGO_PX_2X = (LOGO_PX[0] * 2, LOGO_PX[1] * 2)
