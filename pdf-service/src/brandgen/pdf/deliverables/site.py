"""The living guidelines: a static, accessible HTML version of the brand guidelines in one folder.

Works offline (no CDN, no web font download: the brand's families are named with system fallbacks),
responsive (CSS grid, no fixed widths), with copy-to-clipboard buttons for every colour value.
Every string from the request or an earlier stage is HTML-escaped; the rationale's Markdown is
rendered with raw HTML disabled. The logos are the logo stage's own SVG files, copied beside the page.
"""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from brandgen.pdf.colours import describe, readable_on
from brandgen.pdf.deliverables.contact import ContactLines
from brandgen.pdf.generators.context import DocContext
from brandgen.pdf.records import Deliverable

FOLDER = "deliverables/guidelines-site"
_MARKDOWN = MarkdownIt("commonmark", {"html": False})

STYLE = """
:root { --primary: %(primary)s; --on-primary: %(on_primary)s; --ink: #1b1b1f; --muted: #4b4f58; }
* { box-sizing: border-box; }
body { margin: 0; font-family: %(body)s; color: var(--ink); background: #fff; line-height: 1.55; }
a { color: %(link)s; }
.skip, .sr { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header { background: var(--primary); color: var(--on-primary); padding: 2.5rem 1.5rem; }
header img { max-width: min(420px, 80vw); height: auto; background: #fff; border-radius: 12px; padding: 1rem; }
header h1 { font-family: %(heading)s; font-size: clamp(1.8rem, 4vw, 3rem); margin: 1rem 0 .25rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; list-style: none; padding: 0; margin: 1rem 0 0; }
nav a { color: var(--on-primary); }
main { max-width: 72rem; margin: 0 auto; padding: 1.5rem; }
h2 { font-family: %(heading)s; border-bottom: 3px solid var(--primary); padding-bottom: .25rem; margin-top: 2.5rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #d0d3da; border-radius: 10px; padding: 1rem; }
figure img { width: 100%%; height: 7rem; object-fit: contain; }
figure.dark { background: #1b1b1f; color: #fff; }
figure.dark a { color: #fff; }
figcaption { font-size: .9rem; color: inherit; }
.swatch { border-radius: 10px; overflow: hidden; border: 1px solid #d0d3da; }
.chip { height: 5rem; }
.values { padding: .75rem; font-size: .9rem; }
.values div { display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
button { font: inherit; font-size: .8rem; border: 1px solid #6b7280; background: #fff; color: var(--ink);
  border-radius: 6px; padding: .1rem .5rem; cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 3px solid #1a56db; outline-offset: 2px; }
.specimen-heading { font-family: %(heading)s; font-size: 2rem; margin: 0; }
.specimen-body { font-family: %(body)s; }
@media (prefers-reduced-motion: no-preference) { button { transition: background .2s; } }
"""

SCRIPT = """
var copyStatus = document.getElementById('copy-status');  // not `status`: window.status is a string
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.addEventListener('click', function () {
    var value = button.getAttribute('data-copy');
    if (navigator.clipboard) {
      navigator.clipboard.writeText(value).then(function () { copyStatus.textContent = 'Copied ' + value; });
    }
  });
});
"""


def _font_stack(family: str, category: str) -> str:
    generic = "serif" if category == "serif" else "monospace" if category == "monospace" else "sans-serif"
    return f"'{family.replace(chr(39), '')}', {generic}"


def _logos(ctx: DocContext) -> tuple[str, dict[str, bytes]]:
    figures: list[str] = []
    files: dict[str, bytes] = {}
    company = escape(ctx.inputs.request.company_name)
    for lockup, treatments in sorted(ctx.inputs.logo.lockups.items()):
        for treatment, record in sorted(treatments.items()):
            data = ctx.inputs.file(record.svg)
            if data is None:
                continue
            name = f"logo-{lockup}-{treatment}.svg"
            files[f"{FOLDER}/{name}"] = data
            dark = ' class="dark"' if treatment == "inverse" else ""
            figures.append(
                f'<figure{dark}><img src="{name}" alt="{company} {lockup} logo, {treatment.replace("_", " ")}">'
                f"<figcaption>{lockup.title()} · {treatment.replace('_', ' ')} · "
                f'<a href="{name}" download>SVG</a></figcaption></figure>'
            )
    return "".join(figures), files


def _colours(ctx: DocContext) -> str:
    cards: list[str] = []
    for role, hex_code in ctx.roles.items():
        values = describe(hex_code)
        rows = "".join(
            f"<div><span>{label} {escape(value)}</span>"
            f'<button type="button" data-copy="{escape(value, quote=True)}" '
            f'aria-label="Copy {escape(role)} {label} {escape(value, quote=True)}">Copy</button></div>'
            for label, value in values.items()
        )
        cards.append(
            f'<div class="swatch"><div class="chip" style="background:{hex_code}" role="img" '
            f'aria-label="{escape(role)} {hex_code}"></div><div class="values"><strong>{escape(role.replace("_", " "))}'
            f"</strong>{rows}</div></div>"
        )
    return "".join(cards)


def _rationale(ctx: DocContext) -> str:
    parts: list[str] = []
    for language, document in ctx.inputs.rationale.documents.items():
        body = "".join(
            f"<h3>{escape(section.title)}</h3>{_MARKDOWN.render(section.body)}" for section in document.sections
        )
        parts.append(f'<section lang="{escape(language)}" aria-label="{escape(language)}">{body}</section>')
    return "".join(parts)


def render_site(ctx: DocContext, contact: ContactLines) -> list[Deliverable]:
    request, palette = ctx.inputs.request, ctx.inputs.palette
    primary = ctx.role("primary")
    fonts = palette.fonts
    heading = _font_stack(fonts.heading.family, fonts.heading.category)
    body = _font_stack(fonts.body.family, fonts.body.category)
    link = ctx.tone("primary", "700", primary)
    style = STYLE % {
        "primary": primary,
        "on_primary": readable_on(primary),
        "body": body,
        "heading": heading,
        "link": link,
    }
    logos, files = _logos(ctx)
    primary_logo = next((name.rsplit("/", 1)[-1] for name in files if "combination-full_color" in name), None)
    primary_logo = primary_logo or next((name.rsplit("/", 1)[-1] for name in files), "")
    company = escape(request.company_name)
    contact_items = "".join(
        f"<li>{escape(line)}</li>" for line in (contact.name, contact.title, *contact.lines()) if line
    )
    tagline = f"<p>{escape(request.tagline)}</p>" if request.tagline else ""
    html = f"""<!DOCTYPE html>
<html lang="{escape(ctx.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{company} — Brand guidelines</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<a class="skip" href="#main">Skip to the guidelines</a>
<header>
<img src="{primary_logo}" alt="{company} logo">
<h1>{company}</h1>{tagline}
<nav aria-label="Sections"><ul><li><a href="#logo">Logo</a></li><li><a href="#colour">Colour</a></li>
<li><a href="#type">Typography</a></li><li><a href="#rationale">Rationale</a></li>
<li><a href="#contact">Contact</a></li></ul></nav>
</header>
<main id="main">
<section id="logo" aria-labelledby="logo-h"><h2 id="logo-h">Logo</h2><div class="grid">{logos}</div></section>
<section id="colour" aria-labelledby="colour-h"><h2 id="colour-h">Colour</h2>
<p>Every value can be copied. CMYK is an uncalibrated starting point for print.</p>
<div class="grid">{_colours(ctx)}</div></section>
<section id="type" aria-labelledby="type-h"><h2 id="type-h">Typography</h2>
<p class="specimen-heading">{escape(fonts.heading.family)}</p><p>Headings · {escape(fonts.heading.licence)}</p>
<p class="specimen-body">{escape(fonts.body.family)}: The quick brown fox jumps over the lazy dog. 0123456789</p>
<p>Body text · {escape(fonts.body.licence)}</p></section>
<section id="rationale" aria-labelledby="rationale-h"><h2 id="rationale-h">Rationale</h2>{_rationale(ctx)}</section>
<section id="contact" aria-labelledby="contact-h"><h2 id="contact-h">Contact</h2><ul>{contact_items}</ul></section>
</main>
<p id="copy-status" class="sr" role="status" aria-live="polite"></p>
<script src="copy.js"></script>
</body>
</html>
"""
    made = [
        Deliverable(f"{FOLDER}/index.html", html.encode(), "guidelines_site", "text/html"),
        Deliverable(f"{FOLDER}/style.css", style.encode(), "guidelines_site", "text/css"),
        Deliverable(f"{FOLDER}/copy.js", SCRIPT.encode(), "guidelines_site", "text/javascript"),
    ]
    made += [Deliverable(name, data, "guidelines_site", "image/svg+xml") for name, data in sorted(files.items())]
    return made
