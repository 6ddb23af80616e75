"""The packaged dataset: big enough, every reference resolves, fonts really installed and licensed."""

from __future__ import annotations

import pytest

from brandgen.palette.bkg.dataset import load_dataset, parse_dataset
from brandgen.shared.fonts import find_face, font_licence


def test_dataset_is_versioned_and_large_enough() -> None:
    dataset = load_dataset()
    assert dataset.version
    assert len(dataset.checksum) == 16
    assert len(dataset.industries) >= 40
    assert all(industry.synonyms for industry in dataset.industries)
    assert len(dataset.styles) == 12
    assert sum(len(industry.colors) for industry in dataset.industries) >= 30
    assert len(dataset.fonts) >= 20


def test_every_association_carries_its_meaning_and_a_known_source() -> None:
    dataset = load_dataset()
    for industry in dataset.industries:
        for association in industry.colors:
            assert association.meaning.strip()
            assert dataset.sources[association.source].strip()


def test_fonts_are_installed_with_the_licence_the_dataset_records() -> None:
    for font in load_dataset().fonts:
        face = find_face(font.family)
        assert face is not None, f"{font.family} is not installed"
        assert font_licence(face.path, face.index) == font.licence, font.family


def test_pairing_body_fonts_have_truetype_faces_for_pdf_embedding() -> None:
    for pairing in load_dataset().pairings:
        face = find_face(pairing.body)
        assert face is not None, pairing.body
        assert face.path.suffix == ".ttf", pairing.body


def test_a_dangling_reference_is_refused() -> None:
    text = (
        "version: '1'\nsources: {s: x}\ntraits: [calm]\ncolor_families: [{id: blue, hex: '#0000ff', traits: [calm]}]\n"
        "industries: [{id: i, synonyms: [], description: d, traits: [calm], colors: [[green, 0.5, m, s]]}]\n"
        "styles: []\nfonts: []\npairings: []\n"
    )
    with pytest.raises(ValueError, match="unknown colour family green"):
        parse_dataset(text)


def test_dataset_text_has_no_ascii_apostrophe() -> None:
    # FalkorDB's Bolt server (used to test the Neo4j adapter) fails on string parameters holding "'".
    dataset = load_dataset()
    texts = [*dataset.sources.values(), *(p.reason for p in dataset.pairings)]
    texts += [a.meaning for industry in dataset.industries for a in industry.colors]
    texts += [industry.description for industry in dataset.industries]
    assert not [text for text in texts if "'" in text]
