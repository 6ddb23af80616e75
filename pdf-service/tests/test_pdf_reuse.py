"""What makes a revision fast gives the same bytes (issue 19): logos parsed once per process and
never changed by drawing them, their print files made once, the guidelines' first pass a layout-only
draft, full-size rasters made in the background thread, the zip's entries deflated ahead and kept."""

from __future__ import annotations

import asyncio
import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from pdf_upstream import build_outputs

from brandgen.pdf.background import BACKGROUND
from brandgen.pdf.deliverables import render_deliverables
from brandgen.pdf.faces import brand_typefaces
from brandgen.pdf.generators import document, vector
from brandgen.pdf.generators.document import CONTENTS, GuidelinesDocument, parse_logos, render_guidelines
from brandgen.pdf.generators.vector import source
from brandgen.pdf.inputs import BrandInputs
from brandgen.pdf.kit import DEFLATED, FAST_DEFLATE, deflate_ahead, kit_zip
from brandgen.pdf.records import Deliverable
from brandgen.pdf.typefaces import BrandTypefaces, TypefaceBook
from brandgen.shared.fonts import find_face
from brandgen.shared.models import BrandRequest

pytestmark = pytest.mark.slow  # logos, drafts and rasters of whole kits: a second or more a test


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> TypefaceBook:
    return TypefaceBook(tmp_path_factory.getbasetemp() / "font-cache")


def _inputs(book: TypefaceBook, **fields: object) -> tuple[BrandInputs, BrandTypefaces]:
    base: dict[str, object] = {"company_name": "Acme Robotics", "industry": "technology", "style": "modern"}
    request = BrandRequest.model_validate(base | fields)
    files, logo, palette, rationale = build_outputs(request)
    inputs = BrandInputs(request=request, logo=logo, palette=palette, rationale=rationale, files=files)
    return inputs, brand_typefaces(book, palette)


def _shape(node: object) -> object:
    """A drawing's whole tree as plain values, to tell whether anything in it changed."""
    contents = getattr(node, "contents", None)
    own = {key: repr(value) for key, value in sorted(vars(node).items()) if key != "contents" and key[0] != "_"}
    return (type(node).__name__, own, [_shape(child) for child in contents or []])


def _files(made: list[Deliverable]) -> list[tuple[str, bytes, bytes | None]]:
    return [(item.key, item.data, item.thumbnail) for item in made]


def test_logos_are_parsed_once_and_each_document_draws_its_own_copy(book: TypefaceBook) -> None:
    inputs, faces = _inputs(book)
    drawings = parse_logos(inputs, faces.heading.name)
    before = {key: _shape(drawing) for key, drawing in drawings.items()}
    parses = vector._parsed.cache_info()
    # Bytes equal to the parent's but not the same object: a revision reads its files anew.
    copied = BrandInputs(**{**vars(inputs), "files": {key: bytes(data) for key, data in inputs.files.items()}})
    again = parse_logos(copied, faces.heading.name)
    assert vector._parsed.cache_info().misses == parses.misses  # not parsed again
    assert drawings
    # Copies of their own: ReportLab's renderers change the nodes they draw while they draw them.
    assert all(again[key] is not drawing for key, drawing in drawings.items())
    assert {key: _shape(drawing) for key, drawing in again.items()} == before
    assert all(source(again[key]) == source(drawing) is not None for key, drawing in drawings.items())
    inputs.deliverables = render_deliverables(inputs, faces, drawings)
    render_guidelines(inputs, faces)
    assert {key: _shape(drawing) for key, drawing in parse_logos(copied, faces.heading.name).items()} == before


def test_logo_files_and_rasters_are_made_once_per_logo_and_name(book: TypefaceBook) -> None:
    """The print PDF and EPS of each lockup, and the signature's logo PNG, are the parent's own bytes."""

    def logo_files(**fields: object) -> dict[str, bytes]:
        inputs, faces = _inputs(book, **fields)
        made = render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))
        return {item.key: item.data for item in made if item.kind in ("logo_pdf", "logo_eps", "email_signature_logo")}

    first, second, renamed = logo_files(), logo_files(primary_color="#2e7d32"), logo_files(company_name="Acme Bots")
    assert first
    assert all(second[key] is data for key, data in first.items())  # kept, not made again
    files = [key for key in first if not key.endswith(".png")]
    assert all(renamed[key] != first[key] for key in files)  # the title names the company


def test_the_draft_first_pass_draws_nothing_and_changes_no_byte(
    book: TypefaceBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, faces = _inputs(book, tagline="Machines that help", languages=["en", "de"])
    inputs.deliverables = render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))
    undrawn: list[object] = []
    real = document._not_drawn

    def counted(*args: object, **kwargs: object) -> None:
        undrawn.append(args)
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document, "_not_drawn", counted)
    CONTENTS.clear()  # no contents page known: the first pass is a draft
    drafted = render_guidelines(inputs, faces)
    assert len(undrawn) > 100  # most of the first pass's flowables were laid out and not drawn
    monkeypatch.setattr(GuidelinesDocument, "drafting", property(lambda self: False))
    undrawn.clear()
    CONTENTS.clear()
    drawn = render_guidelines(inputs, faces)  # every pass drawn in full, as before the draft
    assert not undrawn
    assert drafted == drawn


def _passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many passes each guidelines document takes, from now on."""
    made: list[int] = []
    build = GuidelinesDocument.multiBuild

    def counted(self: GuidelinesDocument, *args: object, **kwargs: object) -> int:
        made.append(build(self, *args, **kwargs))
        return made[-1]

    monkeypatch.setattr(GuidelinesDocument, "multiBuild", counted)
    return made


def test_a_revision_lays_out_once_with_its_parents_contents(
    book: TypefaceBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes = _passes(monkeypatch)
    CONTENTS.clear()
    parent, faces = _inputs(book, tagline="Machines that help")
    parent.deliverables = render_deliverables(parent, faces, parse_logos(parent, faces.heading.name))
    first = render_guidelines(parent, faces)
    revision, faces = _inputs(book, tagline="Machines that help", primary_color="#2e7d32")
    revision.deliverables = render_deliverables(revision, faces, parse_logos(revision, faces.heading.name))
    guessed = render_guidelines(revision, faces)
    assert passes == [2, 1]  # the draft and the document; then the document at once
    CONTENTS.clear()
    assert render_guidelines(revision, faces) == guessed  # the same bytes without the parent's contents
    assert passes[-1] == 2
    assert guessed.outline == first.outline


def test_a_wrong_guess_of_the_contents_costs_a_pass_not_the_page_numbers(
    book: TypefaceBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, faces = _inputs(book, company_name="Wrong Guess Ltd")
    inputs.deliverables = render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))
    CONTENTS.clear()
    right = render_guidelines(inputs, faces)
    passes = _passes(monkeypatch)
    for layout in list(CONTENTS.keys()):  # this company's contents and any company's
        right_entries = CONTENTS.get(layout) or []
        CONTENTS.put(layout, [(level, text, page + 1, key) for level, text, page, key in right_entries])
    assert render_guidelines(inputs, faces) == right
    assert passes == [2]  # the guessed first pass, then one with the true numbers


def test_a_new_company_lays_out_once_with_another_kits_contents(
    book: TypefaceBook, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes = _passes(monkeypatch)
    CONTENTS.clear()
    earlier, faces = _inputs(book, company_name="Earlier Kit Ltd")
    earlier.deliverables = render_deliverables(earlier, faces, parse_logos(earlier, faces.heading.name))
    render_guidelines(earlier, faces)
    inputs, faces = _inputs(book, company_name="Another Company", tagline="Something else entirely")
    inputs.deliverables = render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))
    guessed = render_guidelines(inputs, faces)
    assert passes == [2, 1]  # the first kit drafts; the next company's kit is drawn at once
    CONTENTS.clear()
    assert render_guidelines(inputs, faces) == guessed  # the same bytes as when found by a draft
    assert passes[-1] == 2


def test_background_rasters_are_the_same_files(book: TypefaceBook) -> None:
    inputs, faces = _inputs(book, tagline="Machines that help")
    drawings = parse_logos(inputs, faces.heading.name)
    at_once = render_deliverables(inputs, faces, drawings)
    later = render_deliverables(inputs, faces, drawings, BACKGROUND)
    assert any(not isinstance(item.content, bytes) for item in later)  # social images and mockups
    assert all(isinstance(item.content, bytes) for item in at_once)

    async def ready() -> list[bytes]:
        return [await item.ready() for item in later]

    assert asyncio.run(ready()) == [item.data for item in at_once]
    assert _files(later) == _files(at_once)


def test_two_jobs_rasterise_at_once_without_harm(book: TypefaceBook) -> None:
    """PDFium is not thread-safe: two stage threads and the background thread take turns with it."""
    jobs = [_inputs(book, company_name=name) for name in ("Acme Robotics", "Zeta Foods")]
    alone = [
        _files(render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name))) for inputs, faces in jobs
    ]

    def render(job: tuple[BrandInputs, BrandTypefaces]) -> list[tuple[str, bytes, bytes | None]]:
        inputs, faces = job
        return _files(render_deliverables(inputs, faces, parse_logos(inputs, faces.heading.name), BACKGROUND))

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(render, jobs * 2)) == alone * 2


def _zipfile_reference(files: dict[str, bytes]) -> bytes:
    """The kit zip as zipfile writes it unaided (what kit_zip wrote before it kept deflated entries)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.create_system = 3
            stored = name.endswith(".png")
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            level = None if stored else (1 if name.endswith(FAST_DEFLATE) else 6)
            archive.writestr(info, data, compresslevel=level)
    return buffer.getvalue()


def test_the_zip_with_entries_deflated_ahead_is_zipfiles_own() -> None:
    face = find_face("DejaVu Sans")
    assert face is not None  # fonts-dejavu-core, as the pdf stage's fallbacks need
    font = face.path.read_bytes()
    files = {
        "fonts/DejaVuSans.ttf": font,
        "logo/icon.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "rationale/en.md": "Ein Logo für alle — 标志\n".encode() * 400,
        "pdf/manifest.json": b"{}",
    }
    reference = _zipfile_reference(files)
    assert kit_zip(files) == reference  # deflated now (or found kept from an earlier test)
    deflate_ahead(files.items())
    made = DEFLATED.made_count
    assert kit_zip(files) == reference
    assert DEFLATED.made_count == made  # every deflated entry was taken from the cache
    with zipfile.ZipFile(io.BytesIO(reference)) as archive:
        assert archive.testzip() is None
        assert archive.read("fonts/DejaVuSans.ttf") == font
