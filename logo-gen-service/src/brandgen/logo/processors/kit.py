"""Everything the logo stage stores, built from the candidate designs (either backend).

Each lockup is rendered once, at the largest PNG width: the monochrome and inverse PNGs are the same
alpha with one colour, and smaller PNGs are box-filtered down. That keeps the whole kit under a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PIL import Image

from brandgen.logo.i18n import in_languages, write
from brandgen.logo.icons.library import icon_set
from brandgen.logo.models.design import LogoDesign
from brandgen.logo.processors.dominant_colours import dominant_colours
from brandgen.logo.processors.icons import favicon_ico, favicon_images, social_avatar, touch_icon
from brandgen.logo.processors.lockups import candidate_drawing, lockup_drawing, tagline_face
from brandgen.logo.processors.rasters import encode_ink_png, encode_png, resize_to_width
from brandgen.logo.utils.colours import distance
from brandgen.logo.utils.render import svg_to_image
from brandgen.logo.utils.svg import INVERSE_INK, MONOCHROME_INK, Drawing, to_svg
from brandgen.logo.utils.typefaces import drawable_text, licence_of
from brandgen.shared.contracts import (
    CandidateScore,
    FontUse,
    Lockup,
    LockupFiles,
    LogoCandidate,
    LogoTreatment,
    MarkInfo,
)
from brandgen.shared.fonts import FontFace
from brandgen.shared.i18n import SOURCE_LANGUAGE

LOCKUPS: tuple[Lockup, ...] = ("icon", "wordmark", "combination", "stacked")
TREATMENTS: tuple[LogoTreatment, ...] = ("full_color", "monochrome", "inverse")
PREVIEW_WIDTH = 512
_TREATMENT_INK = {"monochrome": MONOCHROME_INK, "inverse": INVERSE_INK}


@dataclass
class Kit:
    files: dict[str, bytes] = field(default_factory=dict)  # asset name -> content
    candidates: list[LogoCandidate] = field(default_factory=list)
    lockups: dict[str, dict[LogoTreatment, LockupFiles]] = field(default_factory=dict)
    favicons: dict[str, str] = field(default_factory=dict)
    social_avatar: str = ""
    dominant_colors: list[str] = field(default_factory=list)
    fonts: list[FontUse] = field(default_factory=list)

    def add(self, name: str, data: bytes | str) -> str:
        self.files[name] = data.encode() if isinstance(data, str) else data
        return name


def _font_use(face: FontFace, role: str) -> FontUse:
    return FontUse(family=face.family, role=role, licence=licence_of(face), source=face.path.name)


def _add_candidates(
    kit: Kit, designs: list[LogoDesign], languages: Sequence[str], scores: Mapping[str, CandidateScore]
) -> None:
    for design in designs:
        svg = to_svg(candidate_drawing(design), design.colours.as_roles())
        preview = svg_to_image(svg, PREVIEW_WIDTH)
        kit.candidates.append(
            LogoCandidate(
                id=design.id,
                concept=design.concept,
                description=write(design.description),
                descriptions=in_languages(design.description, languages),
                svg=kit.add(f"logo/candidates/{design.id}.svg", svg),
                png=kit.add(f"logo/candidates/{design.id}.png", encode_png(preview)),
                seed=design.seed,
                mark=MarkInfo(kind=design.mark.kind, icon=design.mark.icon),
                score=scores.get(design.id),
            )
        )
        if design.source_png is not None:
            kit.add(f"logo/candidates/{design.id}_source.png", design.source_png)


def _add_lockup(kit: Kit, design: LogoDesign, lockup: str, drawing: Drawing, widths: list[int]) -> Image.Image:
    roles = design.colours.as_roles()
    full_colour = svg_to_image(_full_colour_svg(design, drawing), max(widths))
    # Recolour after resizing: resampling premultiplies alpha and would round faint edge pixels to black.
    sized = {width: resize_to_width(full_colour, width) for width in sorted(widths)}
    kit.lockups[lockup] = {}
    for treatment in TREATMENTS:
        base = f"logo/lockups/{lockup}/{treatment}"
        pngs = {}
        for width, image in sized.items():
            png = encode_png(image) if treatment == "full_color" else encode_ink_png(image, _TREATMENT_INK[treatment])
            pngs[str(width)] = kit.add(f"{base}_{width}.png", png)
        svg = kit.add(f"{base}.svg", to_svg(drawing, roles, treatment))
        kit.lockups[lockup][treatment] = LockupFiles(svg=svg, png=pngs)
    return full_colour


def _full_colour_svg(design: LogoDesign, drawing: Drawing) -> str:
    return to_svg(drawing, design.colours.as_roles(), "full_color")


def _add_icons(kit: Kit, design: LogoDesign, icon_svg: str, icon: Image.Image) -> None:
    mark_svg = to_svg(design.mark.drawing, design.colours.as_roles())
    small = favicon_images(mark_svg)
    kit.favicons["favicon.ico"] = kit.add("logo/favicon/favicon.ico", favicon_ico(small))
    kit.favicons["favicon.svg"] = kit.add("logo/favicon/favicon.svg", mark_svg)
    for size, image in small.items():
        kit.favicons[f"favicon-{size}.png"] = kit.add(f"logo/favicon/favicon-{size}.png", encode_png(image))
    kit.favicons["apple-touch-icon.png"] = kit.add("logo/favicon/apple-touch-icon.png", touch_icon(icon_svg, icon))
    kit.social_avatar = kit.add("logo/social/avatar.png", social_avatar(icon_svg, icon, design.colours.primary))


def _fonts(designs: list[LogoDesign], chosen: LogoDesign, tagline: str | None) -> list[FontUse]:
    uses = [_font_use(chosen.face, "wordmark")]
    if tagline:
        uses.append(_font_use(tagline_face(chosen, tagline), "tagline"))
    uses.extend(_font_use(design.face, f"candidate {design.id}") for design in designs if design.face != chosen.face)
    unique: dict[tuple[str, str], FontUse] = {}
    for use in uses:
        unique.setdefault((use.family, use.role.split()[0]), use)
    return list(unique.values())


def brand_first(colours: list[str], primary: str) -> list[str]:
    """The mark's brand colour first when the mark shows it: the palette is seeded from the first
    chromatic colour, and a second ink or a tile may cover more of the mark than the brand colour."""
    shown = [colour for colour in colours if distance(colour, primary) < 6.0]
    return [*shown, *(colour for colour in colours if colour not in shown)]


def build_kit(
    designs: list[LogoDesign],
    chosen_id: str,
    *,
    widths: list[int],
    tagline: str | None = None,
    languages: Sequence[str] = (SOURCE_LANGUAGE,),
    scores: Mapping[str, CandidateScore] | None = None,
) -> Kit:
    kit = Kit()
    tagline = drawable_text(tagline) or None if tagline else None  # emoji cannot be outlined: left out
    _add_candidates(kit, designs, languages, scores or {})
    chosen = next(design for design in designs if design.id == chosen_id)
    drawings = {lockup: lockup_drawing(chosen, lockup, tagline) for lockup in LOCKUPS}
    renders = {lockup: _add_lockup(kit, chosen, lockup, drawing, widths) for lockup, drawing in drawings.items()}
    _add_icons(kit, chosen, _full_colour_svg(chosen, drawings["icon"]), renders["icon"])
    # The mark's colours, not the lockup's: the name's near-black ink would otherwise outweigh the mark,
    # and the palette stage seeds the brand palette from the first chromatic one.
    kit.dominant_colors = brand_first(dominant_colours(renders["icon"]), chosen.colours.primary)
    kit.fonts = _fonts(designs, chosen, tagline)
    _add_icon_licences(kit, designs)
    return kit


def _add_icon_licences(kit: Kit, designs: list[LogoDesign]) -> None:
    """The licence of every icon set a candidate draws from travels with the kit (and so in its zip)."""
    for set_name in sorted({design.mark.icon.set for design in designs if design.mark.icon}):
        kit.add(f"logo/licences/{set_name}-icons-LICENSE.txt", icon_set(set_name).licence_text())
