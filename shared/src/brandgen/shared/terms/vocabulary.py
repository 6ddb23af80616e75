"""Words the earlier stages hand over in English (industries, styles, moods, colour families, what
the colours mean in an industry, font categories and characters, logo kinds, palette roles), marked
for translation.

They come from the knowledge graph and the logo stage, so the set is open: a word missing here
is shown in English rather than failing. `N_` only marks a word for `pybabel extract`; the
lookup happens at render time through `brandgen.shared.terms.term`.
"""

from __future__ import annotations

from brandgen.shared.i18n import N_


def NC_(context: str, message: str) -> str:  # noqa: N802 - N_ with a gettext context (msgctxt)
    return message


# The context of an industry word, for a word that is also a mood or a colour meaning in English but
# not in every language: Chinese says 能源 for the energy sector and 活力 for energy as a trait.
# `term(word, INDUSTRY)` looks the word up in this context first, then without one.
INDUSTRY = "industry"


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

INDUSTRIES_IN_CONTEXT = [NC_("industry", "energy")]

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

# What each colour says in an industry: the meaning phrases of the industries' colour associations in the
# palette's Brand Knowledge Graph dataset (bkg/data/brand_graph.yaml), shown by the colour section through term().
# A phrase that is also a mood ("trust", "energy") shares the mood's translation.
COLOR_MEANINGS = [
    N_("academic tradition"),
    N_("affordable and friendly"),
    N_("appetite and arousal"),
    N_("appetite and speed of service"),
    N_("approachable modern banking"),
    N_("authority and confidentiality"),
    N_("authority and vigilance"),
    N_("baked goods and craft"),
    N_("calm and rest"),
    N_("calm control under pressure"),
    N_("calm in the chair"),
    N_("care and reassurance"),
    N_("care and softness"),
    N_("care and trust"),
    N_("cheerful play"),
    N_("cinema dark"),
    N_("clarity and the glow of screens"),
    N_("clean and fresh"),
    N_("clean and sustainable"),
    N_("clear air and sky"),
    N_("clear thinking"),
    N_("clinical calm and care"),
    N_("comfort and refinement"),
    N_("competence and discretion"),
    N_("competence and reliability"),
    N_("competence and reliability of working systems"),
    N_("competence and security"),
    N_("competence: the service will work"),
    N_("competition and excitement"),
    N_("creative confidence"),
    N_("creative problem solving"),
    N_("creativity and night"),
    N_("dependability when it matters"),
    N_("depth of inquiry"),
    N_("earth and harvest"),
    N_("earthy and grounded"),
    N_("effort, intensity and heart rate"),
    N_("electric and clean mobility"),
    N_("energetic challenger brands of the sector"),
    N_("energy"),
    N_("energy and attention"),
    N_("energy and motivation"),
    N_("engineered, modern and dependable"),
    N_("engineering and performance"),
    N_("established authority"),
    N_("excitement"),
    N_("excitement and reach"),
    N_("excitement and the red carpet"),
    N_("exclusivity"),
    N_("expression"),
    N_("expressive style"),
    N_("fantasy worlds"),
    N_("fine dining and wine"),
    N_("forward-looking, engineered precision"),
    N_("fresh and natural ingredients"),
    N_("fresh breath and hygiene"),
    N_("freshness and cleanliness"),
    N_("friendly and lively"),
    N_("gallery neutrality"),
    N_("gardens and freshness"),
    N_("golden crust and warmth"),
    N_("grain and sun"),
    N_("grounded, natural balance"),
    N_("growing crops and land"),
    N_("growth in value and neighbourhoods"),
    N_("growth of money"),
    N_("healing and freshness"),
    N_("health and relief"),
    N_("heat and energy"),
    N_("high-visibility work wear"),
    N_("hope and growth"),
    N_("imagination"),
    N_("indulgence"),
    N_("institutional authority"),
    N_("instruments and clarity"),
    N_("laboratory clarity"),
    N_("landscape and context"),
    N_("living systems and growth"),
    N_("luxury detail"),
    N_("materials: stone and steel"),
    N_("mindfulness and introspection"),
    N_("morning warmth"),
    N_("nature and ecology"),
    N_("neutral and impartial"),
    N_("novel, digital-native value"),
    N_("official authority"),
    N_("open, connected and reliable"),
    N_("optimism and curiosity"),
    N_("origin and plantations"),
    N_("power and light"),
    N_("precious metal and prestige"),
    N_("premium craft and tradition"),
    N_("premium finish"),
    N_("premium service"),
    N_("prestige"),
    N_("prestige property"),
    N_("protection and urgency (used sparingly)"),
    N_("refreshment and excitement"),
    N_("reliable delivery"),
    N_("reliable supply"),
    N_("research and innovation"),
    N_("restorative calm"),
    N_("restraint that lets the work speak"),
    N_("roasted beans and warmth"),
    N_("safe checkout"),
    N_("safety and calm"),
    N_("safety marking"),
    N_("scientific depth"),
    N_("scientific reliability"),
    N_("screen glow and action"),
    N_("security of a big decision"),
    N_("seriousness and discretion"),
    N_("signal colour on the road"),
    N_("site safety and visibility"),
    N_("sky and sea, open horizons"),
    N_("sophistication and royalty"),
    N_("speed and passion"),
    N_("speed and visibility"),
    N_("stability and institutional trust"),
    N_("stage lights and energy"),
    N_("steel and concrete"),
    N_("steel and machinery"),
    N_("studio and vinyl"),
    N_("sunlight"),
    N_("sunsets and warmth"),
    N_("sweetness and treats"),
    N_("team tradition"),
    N_("technical depth"),
    N_("the gold of a new currency"),
    N_("timeless black of fashion houses"),
    N_("tradition and gravitas"),
    N_("tropical water"),
    N_("trust"),
    N_("trust and cleanliness"),
    N_("trust and focus"),
    N_("trust and security with deposits"),
    N_("understated expertise"),
    N_("urgency and promotion"),
    N_("veterinary care"),
    N_("vitality"),
    N_("warm and natural"),
    N_("warm creativity"),
    N_("warm welcome"),
    N_("warmth and action"),
    N_("warmth and appetite"),
    N_("warmth and care"),
    N_("water and balance"),
    N_("wine and craft"),
    N_("wood and home"),
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

# Why the graph pairs two fonts (its pairings' reasons, palette bkg dataset, and the palette's fallback
# pairing): the rationale's typography section and the guidelines' type pairing print them through term().
PAIRING_REASONS = [
    N_("A Renaissance serif brings heritage; a humanist sans keeps it current."),
    N_("A crisp screen grotesque for headings over a highly legible humanist text face."),
    N_("A monospace heading says engineered; a humanist sans keeps text readable."),
    N_("A retro script for the name and headings, a calm sans for everything else."),
    N_("An organic sans over a sturdy serif: crafted but serious."),
    N_("Bookish classical headings with a neutral, legible text face."),
    N_("Businesslike transitional serif and grotesque, metric-compatible with office documents."),
    N_("Classical serif elegance with a modern geometric text face."),
    N_("Condensed headlines carry weight in little space; one family keeps it coherent."),
    N_("Developer-native monospace headings with a mechanical, legible body face."),
    N_("Heavy geometric capitals make a statement; Lato’s softness balances them."),
    N_("High-contrast Didone headings signal luxury; Lato keeps text legible."),
    N_("Humanist warmth in both faces reads as natural and approachable."),
    N_("Manrope’s geometric warmth leads; Open Sans keeps long text easy."),
    N_("Noto covers most scripts and is installed with the service."),
    N_("One superfamily in serif and sans: formal, consistent and covering most scripts."),
    N_("Rounded condensed headings add energy over a robust text face."),
    N_("Rounded geometric shapes throughout read as soft, friendly and playful."),
    N_("Two quiet humanist faces: nothing distracts from the content."),
]

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
