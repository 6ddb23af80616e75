"""Words the earlier stages hand over in English (industries, styles, moods, colour families,
font categories and characters, logo kinds, palette roles), marked for translation.

They come from the knowledge graph and the logo stage, so the set is open: a word missing here
is shown in English rather than failing. `N_` only marks a word for `pybabel extract`; the
lookup happens at render time through the language's catalogue.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    return message


INDUSTRIES = [
    N_("technology"), N_("healthcare"), N_("finance"), N_("education"), N_("food"), N_("restaurant"),
    N_("retail"), N_("fashion"), N_("beauty"), N_("fitness"), N_("travel"), N_("real estate"),
    N_("construction"), N_("legal"), N_("consulting"), N_("entertainment"), N_("media"), N_("automotive"),
    N_("energy"), N_("environment"), N_("agriculture"), N_("nonprofit"), N_("sports"), N_("gaming"),
    N_("hospitality"), N_("manufacturing"), N_("logistics"), N_("pets"), N_("music"), N_("children"),
    N_("software"), N_("cybersecurity"), N_("telecommunications"), N_("banking"), N_("insurance"),
    N_("cryptocurrency"), N_("pharmaceuticals"), N_("biotechnology"), N_("dental"), N_("wellness"), N_("coffee"),
    N_("bakery"), N_("beverages"), N_("childcare"), N_("marketing"), N_("architecture"), N_("luxury goods"),
    N_("art"), N_("government"), N_("renewable energy"), N_("home services"), N_("science"),
]  # fmt: skip

STYLES = [
    N_("modern"), N_("classic"), N_("playful"), N_("luxury"), N_("minimal"), N_("bold"), N_("vintage"),
    N_("elegant"), N_("organic"), N_("corporate"), N_("friendly"), N_("futuristic"), N_("rustic"),
]  # fmt: skip

MOODS = [
    N_("trust"), N_("innovation"), N_("reliability"), N_("clarity"), N_("care"), N_("calm"), N_("energy"),
    N_("warmth"), N_("growth"), N_("freshness"), N_("optimism"), N_("creativity"), N_("sophistication"),
    N_("exclusivity"), N_("fun"), N_("simplicity"), N_("confidence"), N_("heritage"), N_("stability"),
    N_("precision"), N_("friendliness"), N_("health"), N_("nature"), N_("passion"), N_("security"),
    N_("professionalism"), N_("approachability"), N_("elegance"), N_("authenticity"), N_("excitement"),
    N_("competence"), N_("playfulness"), N_("safety"), N_("boldness"), N_("authority"),
]  # fmt: skip

COLOR_FAMILIES = [
    N_("red"), N_("orange"), N_("yellow"), N_("green"), N_("teal"), N_("cyan"), N_("blue"), N_("indigo"),
    N_("purple"), N_("violet"), N_("pink"), N_("magenta"), N_("brown"), N_("beige"), N_("gold"),
    N_("black"), N_("white"), N_("gray"), N_("grey"), N_("navy"), N_("coral"), N_("amber"), N_("lime"),
    N_("olive"), N_("mint"), N_("sky"), N_("burgundy"), N_("charcoal"), N_("slate"),
]  # fmt: skip

FONT_CATEGORIES = [N_("sans-serif"), N_("serif"), N_("display"), N_("monospace"), N_("handwriting"), N_("script")]

FONT_CHARACTERS = [
    N_("geometric"), N_("humanist"), N_("grotesque"), N_("neo-grotesque"), N_("transitional"), N_("old-style"),
    N_("didone"), N_("slab"), N_("rounded"), N_("condensed"), N_("technical"), N_("calligraphic"),
    # the graph describes each font in a short phrase (palette bkg dataset, and the palette's fallback pairing)
    N_("Renaissance old-style serif after Claude Garamond"),
    N_("book serif with classical proportions"),
    N_("condensed Roboto for strong headlines"),
    N_("heavy geometric sans after classic Futura-style shapes"),
    N_("high-contrast Didone, fashion and luxury"),
    N_("humanist sans"),
    N_("humanist sans covering most scripts"),
    N_("humanist sans with a touch of modernism"),
    N_("mechanical skeleton with open curves"),
    N_("metric-compatible neo-grotesque, businesslike"),
    N_("metric-compatible transitional serif, formal"),
    N_("modulated serif"),
    N_("modulated serif covering most scripts"),
    N_("monospace with programming ligatures"),
    N_("monospace with tall x-height, engineered"),
    N_("neo-grotesque designed for screens"),
    N_("neutral humanist sans, very legible"),
    N_("organic companion sans of Libertine"),
    N_("quiet humanist sans"),
    N_("retro connected script"),
    N_("rounded condensed sans"),
    N_("rounded geometric display face"),
    N_("rounded geometric sans, soft and friendly"),
    N_("semi-condensed geometric grotesque, modern and friendly"),
    N_("tighter display cut of Inter for headlines"),
    N_("warm humanist sans with semi-rounded details"),
]  # fmt: skip

LOGO_KINDS = [N_("monogram"), N_("geometric mark"), N_("emblem"), N_("wordmark"), N_("combination mark")]

ROLES = [
    N_("primary"), N_("secondary"), N_("accent"), N_("neutral"), N_("neutral variant"), N_("success"),
    N_("warning"), N_("error"), N_("info"),
]  # fmt: skip

THEMES = [N_("light"), N_("dark")]

CVD = [N_("protanopia"), N_("deuteranopia"), N_("tritanopia")]

# Logo concepts in the contract are identifiers; these are their readable names.
LOGO_KIND_NAMES = {
    "monogram": "monogram",
    "geometric": "geometric mark",
    "emblem": "emblem",
    "wordmark": "wordmark",
    "combination": "combination mark",
}
