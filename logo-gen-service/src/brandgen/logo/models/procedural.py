"""The procedural backend: distinct vector logo designs from name, industry, style and colour.

No GPU, no network, deterministic: candidate i of seed s is always the same design.
"""

from __future__ import annotations

import hashlib
import random

from brandgen.logo.i18n import Description, sentence
from brandgen.logo.icons.match import IconMatch, rank_icons, words_of
from brandgen.logo.models import marks
from brandgen.logo.models.design import LogoDesign
from brandgen.logo.processors.contrast import repair
from brandgen.logo.utils.colours import logo_colours
from brandgen.logo.utils.industry import IndustryColour, industry_fit
from brandgen.logo.utils.typefaces import drawable_text, pick_face, style_key, typography_for
from brandgen.palette.bkg.matching import singular
from brandgen.shared.contracts import LogoConcept
from brandgen.shared.errors import StageError
from brandgen.shared.i18n import N_
from brandgen.shared.models import BrandRequest

# Which concepts a style shows first (candidate order; the stage chooses by score, ties to the earlier).
_CONCEPT_ORDER: dict[str, tuple[LogoConcept, ...]] = {
    "modern": ("combination", "geometric", "monogram", "wordmark", "emblem"),
    "minimal": ("wordmark", "monogram", "geometric", "combination", "emblem"),
    "playful": ("combination", "geometric", "wordmark", "monogram", "emblem"),
    "friendly": ("combination", "monogram", "geometric", "wordmark", "emblem"),
    "luxury": ("monogram", "wordmark", "emblem", "combination", "geometric"),
    "elegant": ("monogram", "wordmark", "emblem", "combination", "geometric"),
    "classic": ("emblem", "monogram", "wordmark", "combination", "geometric"),
    "vintage": ("emblem", "wordmark", "monogram", "combination", "geometric"),
    "bold": ("combination", "monogram", "geometric", "wordmark", "emblem"),
    "tech": ("combination", "geometric", "monogram", "wordmark", "emblem"),
    "corporate": ("combination", "monogram", "wordmark", "emblem", "geometric"),
    "organic": ("combination", "geometric", "emblem", "wordmark", "monogram"),
}

_SEED_STRIDE = 1_000_003  # a prime, so candidate seeds of nearby job seeds do not collide


def concept_order(style: str) -> tuple[LogoConcept, ...]:
    return _CONCEPT_ORDER[style_key(style)]


def candidate_seed(seed: int, index: int) -> int:
    return (seed + index * _SEED_STRIDE) % 2**31


def base_colour(request: BrandRequest, index: int) -> str:
    """The graph's colour for the industry and style: the best one for every other candidate, the
    next associations in between, so the candidates show the trade's colours, not one blue."""
    colours: tuple[IndustryColour, ...] = industry_fit(request.industry, request.style, request.description).colours
    if index % 2 == 0 or len(colours) == 1:
        return str(colours[0].hex)
    return str(colours[1 + (index // 2) % (len(colours) - 1)].hex)


def design_candidate(
    request: BrandRequest,
    index: int,
    seed: int,
    concept: LogoConcept | None = None,
    icon: IconMatch | None = None,
) -> LogoDesign:
    order = concept_order(request.style)
    concept = concept or order[index % len(order)]
    own_seed = candidate_seed(seed, index)
    # Design choices, reproducible by seed and name (not security): two companies given one seed still
    # get their own containers, forms and colour harmonies.
    rng = random.Random(f"{own_seed}:{request.company_name.strip().lower()}")  # noqa: S311
    mandated = request.primary_color is not None
    colours = logo_colours(request.primary_color or base_colour(request, index), rng, mandated=mandated)
    typography = typography_for(request.style)
    name = drawable_text(request.company_name)
    if not name:
        raise StageError("unprintable_name", "no installed font can draw any character of the company name")
    face = pick_face(name, request.style, rotation=index)
    if concept in ("monogram", "wordmark"):
        mark = marks.monogram(name, face, rng)
    elif concept == "emblem":
        mark = marks.icon_emblem(icon.icon, name, face, rng) if icon else marks.emblem(name, face, rng)
    elif icon is not None:
        mark = marks.icon_mark(icon.icon, rng)
    else:
        mark = marks.geometric(rng)
    if colours.ground:
        mark = marks.on_tile(mark)
    # "text" is the primary, or its accessible alternative when the primary cannot carry text.
    text_role = "text" if concept == "wordmark" else rng.choice(["ink", "text"])
    accent = rng.choice(["dot", "bar", "first", "none"])
    description = _describe(concept, mark, face.family, typography.character)
    design = LogoDesign(
        id=f"c{index + 1}",
        concept=concept,
        seed=own_seed,
        name=name,
        colours=colours,
        face=face,
        typography=typography,
        mark=mark,
        text_role=text_role,
        wordmark_accent=accent,
        description=description,
        fit=round(
            min(
                1.0,
                fit_of(
                    concept, icon if mark.icon else None, order.index(concept), len(order), colour_fit(request, index)
                )
                + (NAME_BONUS if mark.icon and names_the_company(icon, request) else 0.0),
            ),
            3,
        ),
    )
    # Measured on a render, every ink must read against what it sits on; what fails is redrawn.
    return repair(design)


# How much a kind of mark says about the company by itself: the whole name, its initials, or a shape.
_CONCEPT_FIT: dict[LogoConcept, float] = {
    "wordmark": 0.4,
    "monogram": 0.35,
    "emblem": 0.35,
    "combination": 0.3,
    "geometric": 0.2,
}


def colour_fit(request: BrandRequest, index: int) -> float:
    """1 for the requested colour or the industry's best, less for its weaker associations."""
    if request.primary_color:
        return 1.0
    colours = industry_fit(request.industry, request.style, request.description).colours
    chosen = next(colour for colour in colours if colour.hex == base_colour(request, index))
    return chosen.weight / colours[0].weight


def fit_of(concept: LogoConcept, icon: IconMatch | None, position: int, concepts: int, colour: float) -> float:
    """What the mark says about the company (an icon by how well it matched its words, else the
    concept's own fit), a bonus for the style's preferred concepts and for the industry's colour."""
    own = ICON_FIT + (1 - ICON_FIT) * 0.8 * min(1.0, icon.score / STRONG_MATCH) if icon else _CONCEPT_FIT[concept]
    return round(min(1.0, own + 0.1 * (1 - position / concepts) + 0.1 * colour), 3)


def names_the_company(icon: IconMatch | None, request: BrandRequest) -> bool:
    """Whether the icon pictures a word of the company's own name (an acorn for Little Acorns): the
    word must name the icon, not merely tag it (Page Turner is not a grill spatula, tagged "turner")."""
    if icon is None:
        return False
    named = {singular(word) for word in icon.icon.words}
    return bool(named & set(icon.words) & set(words_of(request.company_name)))


ICON_FIT = 0.45  # an icon that matched at all already says more than a shape
NAME_BONUS = 0.1  # a picture of the company's own name says most of all
STRONG_MATCH = 2.0  # an icon score (see icons/match.py) this high is as good a match as there is
ICON_CONCEPTS: tuple[LogoConcept, ...] = ("combination", "geometric", "emblem")


def icon_plan(request: BrandRequest) -> list[IconMatch]:
    """The icons the candidates draw, in order. The first is one of the best few, picked by the name,
    so two companies of one trade and style do not both open with the same picture."""
    fit = industry_fit(request.industry, request.style, request.description)
    # A revision's feedback ("use a leaf") is the customer's own word on the picture: it counts as
    # much as the name's words.
    words = " ".join(filter(None, (request.company_name, request.feedback)))
    matches = rank_icons(words, request.industry, request.description, fit)
    if not matches:
        return []
    if names_the_company(matches[0], request):
        return matches  # the name's own picture (Little Acorns: an acorn) comes first
    window = [match for match in matches[:3] if match.score >= 0.75 * matches[0].score]
    digest = hashlib.sha256(request.company_name.strip().lower().encode()).digest()
    first = window[digest[0] % len(window)]
    return [first, *(match for match in matches if match is not first)]


def _describe(concept: LogoConcept, mark: marks.Mark, family: str, character: str) -> Description:
    if concept == "wordmark":
        wordmark = N_("A wordmark set in {family}, {character}, with a small accent in the secondary colour.")
        return (sentence(wordmark, family=family, character=character, words=["character"]),)
    if concept == "combination":
        paired = N_("Paired with the name in {family}, {character}.")
        return (*mark.description, sentence(paired, family=family, character=character, words=["character"]))
    return mark.description


def design_candidates(request: BrandRequest, count: int, seed: int) -> list[LogoDesign]:
    """Candidates in the style's concept order; the concepts that can carry a picture draw the matched
    icons one after another (the abstract shapes only when no icon fits)."""
    plan = icon_plan(request)
    order = concept_order(request.style)
    designs, used = [], 0
    for index in range(count):
        concept = order[index % len(order)]
        icon = None
        if plan and concept in ICON_CONCEPTS:
            icon, used = plan[used % len(plan)], used + 1
        designs.append(design_candidate(request, index, seed, concept, icon))
    return designs
