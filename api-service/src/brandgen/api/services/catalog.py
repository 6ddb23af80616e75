"""Industries and styles the Brand Knowledge Graph knows, for suggestions in clients.

They come from the palette service's versioned dataset (the same file the graph is seeded from),
read in-process: no graph connection on the API's request path. The API installs without the
palette service; then there are no suggestions and free text still works.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from brandgen.api.models.catalog import Catalog, CatalogEntry, CatalogFont
from brandgen.shared.models import SUPPORTED_LANGUAGES

log = logging.getLogger("brandgen.api")


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    try:
        from brandgen.palette.bkg.dataset import load_dataset
        from brandgen.palette.palette import font_catalogue
    except ImportError:
        return Catalog(industries=[], styles=[], languages=list(SUPPORTED_LANGUAGES))
    dataset = load_dataset()
    return Catalog(
        industries=[
            CatalogEntry(id=industry.id, name=industry.name, description=industry.description)
            for industry in sorted(dataset.industries, key=lambda industry: industry.name)
        ],
        styles=[CatalogEntry(id=style.id, name=style.id.replace("_", " ")) for style in dataset.styles],
        languages=list(SUPPORTED_LANGUAGES),
        fonts=[
            CatalogFont(family=font.family, category=font.category, character=font.character, licence=font.licence)
            for font in sorted(font_catalogue(), key=lambda font: font.family)
        ],
    )


def font_families() -> list[str]:
    """The families a revision may choose."""
    return [font.family for font in catalog().fonts]
