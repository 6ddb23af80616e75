"""Which embeddable faces a brand's document uses, from the palette's pairing."""

from __future__ import annotations

from brandgen.pdf.typefaces import BrandTypefaces, TypefaceBook
from brandgen.shared.contracts import PaletteOutput


def brand_typefaces(book: TypefaceBook, palette: PaletteOutput) -> BrandTypefaces:
    pairing = palette.fonts
    return BrandTypefaces(
        heading=book.brand_family(pairing.heading.family, pairing.heading.category),
        body=book.brand_family(pairing.body.family, pairing.body.category),
        fallbacks=book.fallbacks(),
        book=book,
    )
