"""Fuzzing the request text (issue 22's done-when): no 500, and nothing accepted fails later.

Names, taglines and descriptions are drawn from all of Unicode, weighted towards what broke before
(control and format characters, joiners, bidi overrides, noncharacters, lone surrogates) and what a
real kit must print (right-to-left, CJK, Hangul, emoji, combining marks, maximum lengths). Each goes
to the live API on real Redis and RabbitMQ; each request it accepts is read back from the job (the
text the stages get) and driven through the procedural logo (designs, lockups, SVG and PNG
renders) and the PDF's text path (shaping, font runs, a ReportLab paragraph drawn into a PDF).
"""

from __future__ import annotations

import io
import json
import tempfile
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from brandgen.logo.models.procedural import design_candidates
from brandgen.logo.processors.kit import build_kit
from brandgen.pdf.text import markup
from brandgen.pdf.typefaces import BrandTypefaces, TypefaceBook
from brandgen.shared.models import BrandRequest

pytestmark = [pytest.mark.rabbitmq, pytest.mark.redis, pytest.mark.slow]

_HOSTILE = (
    "\x00\x07\x08\t\n\x0b\x0c\r\x1b\x7f\x85\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u202a\u202e"
    "\u2028\u2029\u2060\u2066\ufeff\ufff9\ufffe\uffff\ue000\U000e0001\U000e0041\U0001fffe\ud800\udfff"
)
_PRINTABLE = (
    "AcmeRobotics0123 &<>\"'%{}"  # markup and format braces must print literally
    "شركة النور"
    "שלום"
    "東京ロボティクス株式会社"
    "한국로봇"
    "क्षत्रिय"
    "ไทย"
    "Ωμέγα Жук"
    "ক"  # Bengali: no logo font
    "e\u0301\u0308"  # combining marks
    "😀🚀👩\u200d💻🇯🇵🏴\U000e0067\U000e0062\U000e007f"
)
_CHARACTERS = st.one_of(
    st.characters(codec=None, exclude_categories=[]),  # anything, lone surrogates included
    st.sampled_from(_HOSTILE),
    st.sampled_from(_PRINTABLE),
    st.sampled_from(_PRINTABLE),
)


# Mostly printable text: most of it is accepted, so the stages' code gets plenty to draw.
_MOSTLY_PRINTABLE = st.one_of(
    st.sampled_from(_PRINTABLE),
    st.characters(categories=["L", "M", "N", "P", "S", "Zs"]),
    st.sampled_from(_PRINTABLE),
    st.just("\u200c"),  # a joiner, allowed
)


def _text(max_size: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(_CHARACTERS, max_size=max_size + 2),
        st.text(_MOSTLY_PRINTABLE, min_size=1, max_size=max_size),
        st.text(_MOSTLY_PRINTABLE, min_size=max_size - 3, max_size=max_size),  # at the limit
        st.text(_CHARACTERS, min_size=max_size - 3, max_size=max_size + 1),  # around it
    )


_REQUESTS = st.fixed_dictionaries(
    {"company_name": _text(100), "industry": st.sampled_from(["technology", "bakery", "law firm"])},
    optional={
        "tagline": _text(120),
        "description": _text(500),
        "style": st.sampled_from(["modern", "playful", "luxury", "minimal"]),
        "languages": st.sampled_from([["en"], ["ja", "en"], ["de"]]),
    },
)


@cache
def _pdf_faces() -> BrandTypefaces:
    book = TypefaceBook(Path(tempfile.mkdtemp(prefix="fuzz-fonts-")), convert_cff=False)
    body = book.brand_family("Inter", "sans-serif")
    return BrandTypefaces(heading=body, body=body, fallbacks=book.fallbacks())


def _draw_logo(request: BrandRequest) -> None:
    designs = design_candidates(request, 2, seed=7)
    kit = build_kit(designs, "c1", widths=[48], tagline=request.tagline, languages=request.languages)
    for name, data in kit.files.items():
        if name.endswith(".svg"):
            ElementTree.fromstring(data)  # well-formed XML, whatever the name held


def _draw_pdf_text(request: BrandRequest) -> None:
    faces = _pdf_faces()
    style = ParagraphStyle("fuzz", fontName=faces.body.name, fontSize=14, leading=18)
    canvas = Canvas(io.BytesIO())
    for text in (request.company_name, request.tagline, request.description):
        if text:
            paragraph = Paragraph(markup(text, faces.chain(faces.body)), style)
            paragraph.wrap(400, 800)
            paragraph.drawOn(canvas, 50, 50)
    canvas.showPage()
    canvas.save()


@pytest.fixture(scope="module")
def quiet_api(start_api):
    return start_api(stages=False)  # jobs stay queued; this test runs the text through the stages' code


def test_the_api_never_fails_and_accepts_only_text_the_kit_can_print(quiet_api, brand) -> None:
    seen = {"accepted": 0, "refused": 0}

    @settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(fields=_REQUESTS)
    def fuzz(fields: dict[str, object]) -> None:
        body = json.dumps(brand | {"style": "modern"} | fields, ensure_ascii=True).encode()  # lone surrogates too
        response = client.post("/v1/brand-kits", content=body, headers={"content-type": "application/json"})
        assert response.status_code in (202, 422), (response.status_code, response.text)
        if response.status_code == 422:
            error = response.json()["error"]
            assert error["code"] == "validation_error"
            assert error["field"], error
            seen["refused"] += 1
            return
        seen["accepted"] += 1
        job = client.get(f"/v1/jobs/{response.json()['job_id']}").json()
        request = BrandRequest.model_validate(job["request"])  # what the stages get, via Redis
        _draw_logo(request)
        _draw_pdf_text(request)

    with quiet_api.client() as client:
        fuzz()
    print("fuzzed requests:", seen)
    # Both sides were exercised, or the strategy is broken.
    assert seen["accepted"] >= 10, seen
    assert seen["refused"] >= 10, seen
