"""The template backend: Jinja2 templates with the i18n extension, one environment per language.

Environments and compiled templates are built once (`TemplateWriter.load`), so writing a
document is only rendering: all seven languages take a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from brandgen.rationale.facts import BrandFacts, ColorFact, CvdFact
from brandgen.rationale.grammar import english_articles
from brandgen.rationale.i18n import formatting
from brandgen.rationale.i18n.catalogs import CATALOGS
from brandgen.rationale.markdown import PARAGRAPH, escape, tidy
from brandgen.rationale.sections import DOCUMENT_TITLE, SECTION_IDS, SECTION_TITLES
from brandgen.shared.contracts import RationaleDocument, RationaleSection, RationaleSectionId
from brandgen.shared.i18n import format_ratio
from brandgen.shared.models import SUPPORTED_LANGUAGES
from brandgen.shared.terms import INDUSTRY, LOGO_KIND_NAMES, known_term, term

TEMPLATE_DIR = Path(__file__).parent
JINJA_EXTENSIONS = ["jinja2.ext.i18n"]


def make_environment(language: str) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        extensions=JINJA_EXTENSIONS,
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - Markdown, not HTML: user text is escaped for Markdown by `user()`
        trim_blocks=False,  # line breaks carry no meaning; see markdown.tidy
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    # Same whitespace rule as `pybabel extract` (babel.cfg: trimmed = true), so msgids match.
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_translations(CATALOGS.translations(language), newstyle=True)  # type: ignore[attr-defined]
    environment.globals.update(_helpers(language))
    return environment


def _helpers(language: str) -> dict[str, object]:
    """The templates' globals: the language, a few constants and the helper functions."""

    def graph_term(word: str, context: str | None = None) -> str:
        """A graph or contract word in this language (the shared terms catalogue, as the PDF shows it)."""
        return term(language, word, context)

    def code(hex_color: str) -> str:
        return f"`{hex_color}`"

    def role_codes(colors: Iterable[ColorFact]) -> str:
        listed: str = formatting.listing([f"{graph_term(c.role)} {code(c.hex)}" for c in colors], language)
        return listed

    def pairs(problems: Iterable[CvdFact]) -> str:
        """Colour pairs a deficiency confuses, as "primary – accent (ΔE 2.9)", listed in this language."""
        # Chinese and Japanese set the ΔE in full-width brackets, as their catalogues do.
        opening, closing = ("（", "）") if language.split("_")[0] in ("ja", "zh") else (" (", ")")
        shown = [
            f"{graph_term(p.first.replace('_', ' '))} – {graph_term(p.second.replace('_', ' '))}"
            f"{opening}ΔE {formatting.decimal(p.delta_e, language)}{closing}"
            for p in problems
        ]
        listed: str = formatting.listing(shown, language)
        return listed

    return {
        "language": language,
        "pairs": pairs,
        "P": PARAGRAPH,
        "term": graph_term,
        "known_term": lambda text: known_term(language, text),
        "INDUSTRY": INDUSTRY,
        "terms": lambda words: formatting.listing([graph_term(w) for w in words], language),
        "code": code,
        "codes": lambda colors: formatting.listing([code(c) for c in colors], language),
        "role_codes": role_codes,
        "role_name": lambda role: role.replace("_", " "),
        "kind_name": lambda kind: LOGO_KIND_NAMES.get(kind, kind),
        "ratio": lambda value: format_ratio(value, language),
        "decimal": lambda value: formatting.decimal(value, language),
        "user": escape,
    }


class TemplateWriter:
    """Writes rationale documents from `BrandFacts` without any network."""

    def __init__(self, templates: dict[str, dict[RationaleSectionId, Template]]) -> None:
        self._templates = templates

    @classmethod
    def load(cls, languages: Iterable[str] = SUPPORTED_LANGUAGES) -> TemplateWriter:
        templates: dict[str, dict[RationaleSectionId, Template]] = {}
        for language in languages:
            environment = make_environment(language)
            templates[language] = {s: environment.get_template(f"{s}.md.j2") for s in SECTION_IDS}
            environment.get_template("_macros.md.j2")  # compiled now and cached, not on the first import
            # Load the CLDR data now, not in the first job (about 10 ms per language).
            formatting.listing([format_ratio(4.5, language), formatting.decimal(1.0, language)], language)
        return cls(templates)

    @property
    def languages(self) -> list[str]:
        return list(self._templates)

    def title(self, facts: BrandFacts, language: str) -> str:
        return str(CATALOGS.translations(language).gettext(DOCUMENT_TITLE)) % {"company": escape(facts.company)}

    def write(self, facts: BrandFacts, language: str) -> RationaleDocument:
        gettext = CATALOGS.translations(language).gettext
        sections = [
            RationaleSection(
                id=section, title=str(gettext(SECTION_TITLES[section])), body=self._body(template, facts, language)
            )
            for section, template in self._templates[language].items()
        ]
        return RationaleDocument(language=language, sections=sections)

    @staticmethod
    def _body(template: Template, facts: BrandFacts, language: str) -> str:
        body: str = tidy(template.render(f=facts))
        return english_articles(body) if language == "en" else body
