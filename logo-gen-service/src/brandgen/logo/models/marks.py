"""Logo marks drawn procedurally in a 100 x 100 box: monograms, abstract geometric marks, emblems.

Every choice comes from the `random.Random` handed in, so a seed gives the same mark every time and
different seeds give visibly different ones. The primary colour always covers the largest area, so the
requested brand colour is the one people remember.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from brandgen.logo.i18n import Description, sentence
from brandgen.logo.icons.draw import icon_path
from brandgen.logo.icons.library import Icon
from brandgen.logo.utils import geometry as g
from brandgen.logo.utils.svg import Drawing, Shape
from brandgen.logo.utils.text_paths import fitted_text
from brandgen.shared.contracts import MarkIcon
from brandgen.shared.fonts import FontFace
from brandgen.shared.i18n import N_

BOX = 100.0
CENTRE = (50.0, 50.0)


@dataclass(frozen=True)
class Mark:
    drawing: Drawing
    kind: str  # e.g. "monogram/circle-knockout", "geometric/petals", "icon/circle"
    description: Description  # written in each requested language (brandgen.logo.i18n)
    icon: MarkIcon | None = None  # the open-licence icon the mark is drawn from, if any


def initials(name: str) -> str:
    """One or two letters standing for the name: first letters of the first two words (Latin),
    the first character otherwise (CJK, Arabic: one glyph reads as a seal)."""
    words = [word for word in name.split() if word[:1].isalnum()]
    if not words:
        return name.strip()[:1] or "?"
    first = words[0][0]
    if not first.isascii() and not first.isalpha():
        return first
    if first.isalpha() and not ("a" <= first.lower() <= "z" or first.lower() in "àáâäãåçèéêëìíîïñòóôöõùúûüýÿøæœß"):
        return first  # a script without case (CJK, Arabic, ...)
    letters = "".join(word[0] for word in words[:2])
    return letters.upper()


def monogram(name: str, face: FontFace, rng: random.Random) -> Mark:
    letters = initials(name)
    container = rng.choice(["circle", "rounded", "hexagon", "diamond"])
    treatment = rng.choice(["knockout", "knockout", "outline"])
    if container == "circle":
        outline, inner_box = g.circle(50, 50, 46), (56.0, 44.0)
    elif container == "rounded":
        outline, inner_box = g.rounded_rect(6, 6, 88, 88, rng.choice([14.0, 22.0, 30.0])), (62.0, 48.0)
    elif container == "hexagon":
        outline, inner_box = g.polygon(g.regular_polygon(50, 50, 48, 6, rng.choice([-90.0, 0.0]))), (54.0, 42.0)
    else:
        outline, inner_box = g.polygon(g.regular_polygon(50, 50, 48, 4)), (44.0, 36.0)
    text = fitted_text(letters, face, CENTRE, inner_box)
    shapes: tuple[Shape, ...]
    if treatment == "knockout":
        shapes = (Shape(outline, "primary", cutouts=(text.d,)),)
    else:
        ring_cut = _inset(container, outline)
        shapes = (Shape(outline, "primary", cutouts=(ring_cut,)), Shape(text.d, "primary"))
    accent = Shape(g.circle(82, 18, 7), "accent") if rng.random() < 0.35 and container == "rounded" else None
    if accent:
        shapes = (*shapes, accent)
    description = (
        sentence(_MONOGRAM_CONTAINERS[container], letters=letters, family=face.family),
        sentence(_MONOGRAM_TREATMENTS[treatment]),
    )
    return Mark(Drawing(BOX, BOX, shapes), f"monogram/{container}-{treatment}", description)


_MONOGRAM_CONTAINERS = {
    "circle": N_("A monogram of “{letters}” in {family}, set in a circle."),
    "rounded": N_("A monogram of “{letters}” in {family}, set in a rounded square."),
    "hexagon": N_("A monogram of “{letters}” in {family}, set in a hexagon."),
    "diamond": N_("A monogram of “{letters}” in {family}, set in a diamond."),
}
_MONOGRAM_TREATMENTS = {
    "knockout": N_("The letters are cut out of a solid field."),
    "outline": N_("The letters are drawn inside a fine outline."),
}


def _inset(container: str, outline: str) -> str:
    """The hollow inside an outline container (leaves a band about 6 units wide)."""
    if container == "circle":
        return g.circle(50, 50, 40)
    if container == "rounded":
        return g.rounded_rect(12, 12, 76, 76, 12)
    if container == "hexagon":
        return g.polygon(g.regular_polygon(50, 50, 41, 6))
    return g.polygon(g.regular_polygon(50, 50, 40, 4))


def geometric(rng: random.Random) -> Mark:
    kind = rng.choice(["petals", "facets", "quadrants", "stack", "orbit", "spark"])
    return _GEOMETRIC[kind](rng)


def _petals(rng: random.Random) -> Mark:
    count = rng.choice([3, 4, 5, 6, 8])
    rotation = rng.uniform(0, 360 / count)
    length = rng.uniform(20, 24)
    width = length * rng.uniform(0.38, 0.55)
    shapes: list[Shape] = []
    for i in range(count):
        angle = rotation + 360 * i / count
        cx = 50 + (length + 1) * math.cos(math.radians(angle))
        cy = 50 + (length + 1) * math.sin(math.radians(angle))
        role = "primary" if i % 2 == 0 or count % 2 else "secondary"
        # Opaque: a see-through overlap would be a colour no contrast check (or printer) knows about.
        shapes.append(Shape(g.ellipse(cx, cy, length, width, angle), role))
    shapes.append(Shape(g.circle(50, 50, rng.uniform(5, 8)), "accent"))
    return Mark(
        Drawing(BOX, BOX, tuple(shapes)),
        "geometric/petals",
        (sentence(N_("{count} petals turning around a bright centre."), count=count),),
    )


def _facets(rng: random.Random) -> Mark:
    # An isometric cube: three rhombi of one hexagon, lit from one side.
    rotation = rng.choice([-90.0, -60.0, -30.0])
    corners = g.regular_polygon(50, 50, 46, 6, rotation)
    centre = (50.0, 50.0)
    roles = ["primary", "secondary", "accent"]
    rng.shuffle(roles)
    roles.sort(key=lambda role: role != "primary")  # primary takes the first (largest-looking) face
    shapes = []
    for face_index in range(3):
        a, b, c = corners[2 * face_index], corners[(2 * face_index + 1) % 6], corners[(2 * face_index + 2) % 6]
        shapes.append(Shape(g.polygon([centre, a, b, c]), roles[face_index]))
    gap = g.circle(50, 50, rng.uniform(0, 6)) if rng.random() < 0.4 else None
    if gap:
        shapes = [Shape(shape.d, shape.role, cutouts=(gap,)) for shape in shapes]
    return Mark(
        Drawing(BOX, BOX, tuple(shapes)),
        "geometric/facets",
        (sentence(N_("A faceted cube: three faces, one solid whole.")),),
    )


def _quadrants(rng: random.Random) -> Mark:
    shapes = []
    for index, (x, y) in enumerate([(6.0, 6.0), (52.0, 6.0), (6.0, 52.0), (52.0, 52.0)]):
        pick = rng.random()
        role = "primary" if index in (0, 3) else rng.choice(["secondary", "accent", "primary"])
        if pick < 0.45:
            # A quarter disc whose centre is the tile corner nearest the middle of the mark.
            corner = (x + 42 if index % 2 == 0 else x, y + 42 if index < 2 else y)
            start = {0: 180.0, 1: 270.0, 2: 90.0, 3: 0.0}[index]
            d = g.sector(corner[0], corner[1], 42, start, start + 90)
        elif pick < 0.75:
            d = g.circle(x + 21, y + 21, 21)
        else:
            d = g.rounded_rect(x, y, 42, 42, 6)
        shapes.append(Shape(d, role))
    return Mark(
        Drawing(BOX, BOX, tuple(shapes)),
        "geometric/quadrants",
        (sentence(N_("Four tiles of arcs and squares, Bauhaus-like.")),),
    )


def _stack(rng: random.Random) -> Mark:
    bars = rng.choice([3, 4])
    height = 76 / bars - 4
    skew = rng.choice([0.0, 8.0, -8.0])
    shapes = []
    for i in range(bars):
        width = 84 - i * rng.uniform(8, 16)
        top = 12 + i * (height + 4)
        left = 8 + (84 - width) / 2 + skew * (i - bars / 2) / bars
        role = "primary" if i != bars - 1 else "accent"
        shapes.append(Shape(g.rounded_rect(left, top, width, height, height / 2), role if i else "primary"))
    return Mark(
        Drawing(BOX, BOX, tuple(shapes)),
        "geometric/stack",
        (sentence(N_("{count} rounded layers stacked into one form."), count=bars),),
    )


def _orbit(rng: random.Random) -> Mark:
    outer = 46.0
    band = rng.uniform(8, 12)
    planet = rng.uniform(9, 13)
    angle = math.radians(rng.uniform(0, 360))
    orbit_r = outer - band / 2
    px, py = 50 + orbit_r * math.cos(angle), 50 + orbit_r * math.sin(angle)
    shapes = (
        Shape(g.ring(50, 50, outer, outer - band), "primary", cutouts=(g.circle(px, py, planet + 3),)),
        Shape(g.circle(50, 50, rng.uniform(14, 20)), "secondary"),
        Shape(g.circle(px, py, planet), "accent"),
    )
    return Mark(
        Drawing(BOX, BOX, shapes),
        "geometric/orbit",
        (sentence(N_("A ring with a moon breaking its path: motion and reach.")),),
    )


def _spark(rng: random.Random) -> Mark:
    points = rng.choice([4, 5, 6, 8])
    inner = rng.uniform(12, 20)
    rotation = rng.choice([-90.0, -45.0, 0.0])
    shapes = (
        Shape(g.star(50, 50, 47, inner, points, rotation), "primary"),
        Shape(g.star(50, 50, 22, inner * 0.45, points, rotation + 180 / points), "accent"),
    )
    return Mark(
        Drawing(BOX, BOX, shapes),
        "geometric/spark",
        (sentence(N_("A {count}-point spark: energy and ideas."), count=points),),
    )


_GEOMETRIC = {
    "petals": _petals,
    "facets": _facets,
    "quadrants": _quadrants,
    "stack": _stack,
    "orbit": _orbit,
    "spark": _spark,
}


def emblem(name: str, face: FontFace, rng: random.Random) -> Mark:
    letters = initials(name)
    form = rng.choice(["shield", "badge", "seal"])
    if form == "shield":
        outline = g.shield(50, 4, 80, 92)
        inner_line = f"{g.shield(50, 10, 68, 79)} {_reverse_shield(50, 14, 60, 70)}"
        text = fitted_text(letters, face, (50, 44), (44, 30))
        extra = Shape(g.rounded_rect(30, 64, 40, 5, 2.5), "accent")
    elif form == "badge":
        outline = g.circle(50, 50, 47)
        inner_line = g.ring(50, 50, 41, 38)
        text = fitted_text(letters, face, (50, 47), (46, 32))
        extra = Shape(
            " ".join(g.star(x, 72, 4.2, 1.8, 5) for x in (38, 50, 62)),
            "accent",
        )
    else:
        outline = g.star(50, 50, 48, 43, 16, rng.uniform(0, 20))
        inner_line = g.ring(50, 50, 37, 34)
        text = fitted_text(letters, face, (50, 50), (40, 30))
        extra = None
    shapes: tuple[Shape, ...] = (Shape(outline, "primary", cutouts=(inner_line, text.d)),)
    if extra:
        shapes = (*shapes, extra)
    description = (sentence(_EMBLEM_FORMS[form], letters=letters, family=face.family),)
    return Mark(Drawing(BOX, BOX, shapes), f"emblem/{form}", description)


_EMBLEM_FORMS = {
    "shield": N_("A shield emblem carrying “{letters}” in {family}: heritage and trust."),
    "badge": N_("A badge emblem carrying “{letters}” in {family}: heritage and trust."),
    "seal": N_("A seal emblem carrying “{letters}” in {family}: heritage and trust."),
}


def _reverse_shield(cx: float, top: float, w: float, h: float) -> str:
    """A shield wound the other way, so non-zero filling leaves it open inside a larger shield."""
    left, right = cx - w / 2, cx + w / 2
    shoulder, bottom = top + h * 0.45, top + h
    return (
        f"M{right:.2f} {top:.2f} H{left:.2f} V{shoulder:.2f} "
        f"C{left:.2f} {top + h * 0.78:.2f} {cx - w * 0.18:.2f} {bottom - h * 0.06:.2f} {cx:.2f} {bottom:.2f} "
        f"C{cx + w * 0.18:.2f} {bottom - h * 0.06:.2f} {right:.2f} {top + h * 0.78:.2f} {right:.2f} {shoulder:.2f} Z"
    )


def on_tile(mark: Mark) -> Mark:
    """The mark on a rounded tile of the `ground` colour: how a mandated colour too light (or dark) for
    white stays in the mark and still reaches 3:1 on everything it touches."""
    inset = 14.0
    scale = (BOX - 2 * inset) / BOX
    tile = Shape(g.rounded_rect(0, 0, BOX, BOX, 22), "ground")
    shapes = (tile, *mark.drawing.placed(inset, inset, scale))
    return Mark(Drawing(BOX, BOX, shapes), f"{mark.kind}+tile", mark.description, mark.icon)


# --- icon marks -------------------------------------------------------------------------------------
ICON_FORMS = ("alone", "circle", "rounded", "ring", "hexagon")


def icon_mark(icon: Icon, rng: random.Random, form: str | None = None) -> Mark:
    """An open-licence icon as the mark: alone, knocked out of a solid container, or inside a ring."""
    form = form or rng.choice(ICON_FORMS)
    solid = form == "alone" and icon.filled is not None and rng.random() < 0.5
    if form == "alone":
        shapes: tuple[Shape, ...] = (Shape(icon_path(icon, 8, 8, 84, solid=solid), "primary"),)
    elif form == "circle":
        shapes = (Shape(g.circle(50, 50, 47), "primary", cutouts=(icon_path(icon, 23, 23, 54),)),)
    elif form == "rounded":
        radius = rng.choice([14.0, 22.0, 30.0])
        shapes = (Shape(g.rounded_rect(4, 4, 92, 92, radius), "primary", cutouts=(icon_path(icon, 22, 22, 56),)),)
    elif form == "hexagon":
        hexagon = g.polygon(g.regular_polygon(50, 50, 49, 6, rng.choice([-90.0, 0.0])))
        shapes = (Shape(hexagon, "primary", cutouts=(icon_path(icon, 25, 25, 50),)),)
    else:  # ring: a thin ring in the second colour around the icon in the brand colour
        shapes = (Shape(g.ring(50, 50, 48, 42), "secondary"), Shape(icon_path(icon, 24, 24, 52), "primary"))
    subject = icon.name.replace("-", " ")
    description = (sentence(_ICON_FORMS[form], subject=subject),)
    return Mark(Drawing(BOX, BOX, shapes), f"icon/{form}", description, icon.info())


def icon_emblem(icon: Icon, name: str, face: FontFace, rng: random.Random) -> Mark:
    """The icon with the initials: a badge whose upper part holds the icon and lower part the letters."""
    letters = initials(name)
    form = rng.choice(["badge", "shield"])
    if form == "badge":
        outline, inner = g.circle(50, 50, 48), g.ring(50, 50, 43, 40)
        picture, text = icon_path(icon, 30, 14, 40), fitted_text(letters, face, (50, 71), (40, 18))
    else:
        outline, inner = g.shield(50, 3, 84, 94), f"{g.shield(50, 9, 72, 82)} {_reverse_shield(50, 12, 66, 76)}"
        picture, text = icon_path(icon, 31, 15, 38), fitted_text(letters, face, (50, 66), (34, 16))
    shapes = (Shape(outline, "primary", cutouts=(inner, picture, text.d)),)
    description = (sentence(_ICON_EMBLEM, subject=icon.name.replace("-", " "), letters=letters, family=face.family),)
    return Mark(Drawing(BOX, BOX, shapes), f"icon-emblem/{form}", description, icon.info())


_ICON_FORMS = {
    "alone": N_("A {subject} drawn as a bold pictogram."),
    "circle": N_("A {subject} cut out of a solid disc."),
    "rounded": N_("A {subject} cut out of a rounded square."),
    "hexagon": N_("A {subject} cut out of a hexagon."),
    "ring": N_("A {subject} inside a fine ring."),
}
_ICON_EMBLEM = N_("A {subject} above the initials “{letters}” in {family}, in one emblem.")
