"""Rationales that belong to their company: varied phrasing, company facts, English articles that agree."""

from __future__ import annotations

import re
from itertools import combinations

import pytest
from rationale_fakes import make_logo, make_request, tech_palette

from brandgen.rationale.facts import BrandFacts, gather_facts
from brandgen.rationale.grammar import english_articles
from brandgen.rationale.templates.render import TemplateWriter
from brandgen.shared.contracts import MarkIcon, MarkInfo

# Same trade, same style, same palette, same mark and logo concept: only the names and their words differ,
# the hardest case for variety (the benchmark's two ramen shops got the same palette).
COMPANIES = {
    "Acme Robotics": "Warehouse robots that work safely next to people.",
    "Brightline Systems": "Robotic arms for small factories.",
    "Northwind Automation": "Automated inspection lines for food plants.",
    "Kestrel Machines": "Drones that count stock in high-bay warehouses.",
    "Orbit Works": "Service robots for hotels and hospitals.",
}


@pytest.fixture(scope="module")
def writer() -> TemplateWriter:
    return TemplateWriter.load(["en"])


def facts_for(company: str, style: str = "modern") -> BrandFacts:
    """The facts of one company; `style` as the graph matched it."""
    logo = make_logo()
    logo.candidates[0].mark = MarkInfo(
        kind="icon/container-circle",
        icon=MarkIcon(set="tabler", name="robot-face", licence="MIT", tags=["robot", "machine", "automation"]),
    )
    request = make_request(company_name=company, description=COMPANIES.get(company))
    facts = gather_facts(request, tech_palette(), logo)
    facts.style = style
    return facts


def sentences(writer: TemplateWriter, facts: BrandFacts) -> set[str]:
    """As the quality benchmark counts them: split at sentence ends and lines, bullets removed."""
    found: set[str] = set()
    for section in writer.write(facts, "en").sections:
        for line in section.body.splitlines():
            found |= {part for part in re.split(r"(?<=[.!?])\s+", line.strip().lstrip("-* ").strip()) if len(part) > 3}
    return found


def test_two_companies_share_well_under_40_percent_of_their_sentences(writer: TemplateWriter) -> None:
    kits = {company: sentences(writer, facts_for(company)) for company in COMPANIES}
    for (first, a), (second, b) in combinations(kits.items(), 2):
        share = len(a & b) / min(len(a), len(b))
        assert share < 0.4, f"{first} and {second} share {share:.0%} of their sentences: {sorted(a & b)}"


def test_the_phrasing_is_fixed_for_a_company(writer: TemplateWriter) -> None:
    assert writer.write(facts_for("Acme Robotics"), "en") == writer.write(facts_for("Acme Robotics"), "en")


def test_the_rationale_names_the_marks_icon_and_what_it_depicts(writer: TemplateWriter) -> None:
    concept = writer.write(facts_for("Acme Robotics"), "en").sections[0].body
    assert "“robot face” icon" in concept
    assert "robot" in concept
    assert "automation" in concept


@pytest.mark.parametrize(
    ("style", "expected"), [("organic", "an “organic”"), ("industrial", "an “industrial”"), ("modern", "a “modern”")]
)
def test_an_article_before_a_quoted_style_agrees_with_it(writer: TemplateWriter, style: str, expected: str) -> None:
    text = "\n".join(s.body for s in writer.write(facts_for("Acme Robotics", style), "en").sections)
    assert expected in text
    assert not re.search(r"\b[Aa] [“\"*]+[AEIOUaeiou]", text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in a “organic” style", "in an “organic” style"),
        ("An “modern” look", "A “modern” look"),
        ("a “unique” style, an “hourly” rate", "a “unique” style, an “hourly” rate"),
        ("a **Elegant** face", "an **Elegant** face"),
        ("a apple, as the customer wrote it", "a apple, as the customer wrote it"),
    ],
)
def test_english_articles_agree_with_the_quoted_word(text: str, expected: str) -> None:
    assert english_articles(text) == expected


def test_a_geometric_candidate_drawn_from_an_icon_is_called_a_pictorial_mark(writer: TemplateWriter) -> None:
    facts = facts_for("Acme Robotics")
    assert facts.logo is not None
    facts.logo.kind = "geometric"
    concept = writer.write(facts, "en").sections[0].body
    assert "The logo is a pictorial mark" in concept
    assert "built from simple shapes" not in concept
