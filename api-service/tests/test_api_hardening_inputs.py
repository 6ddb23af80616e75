"""Issue 22's hostile probes, as regression tests: request text the kit cannot print, stage errors in
the client's words, asset paths that are not files, security headers on every page, and an OpenAPI
schema that says what the API does."""

from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from xml.etree.ElementTree import ParseError

import httpx
import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from brandgen.api.routes.web import WEB_ROOT
from brandgen.shared import texts
from brandgen.shared.stage import Stage, StageContext

# --- request text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("company_name", "Ac\x00me", "control character, U+0000"),
        ("company_name", "Ac\x07me", "control character, U+0007"),
        ("company_name", "Acme\x0bRobotics", "control character, U+000B"),
        ("company_name", "Acme\x0cRobotics", "control character, U+000C"),
        ("company_name", "\u200b\u200b\u200b", "invisible formatting character, U+200B (ZERO WIDTH SPACE)"),
        ("company_name", "\u200d\u200c", "at least one visible character"),
        ("company_name", "Acme\u202eevil", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("company_name", "\ufeffAcme", "U+FEFF"),
        ("company_name", "Acme\uffff", "noncharacter"),
        ("company_name", "Acme\u2028Robotics", "line separator"),
        ("company_name", "😀🚀", "it has no letter or digit"),
        ("company_name", "বাংলা", "written in Bengali only"),
        ("tagline", "Robots\nthat help", "control character, U+000A"),
        ("tagline", "\u200b", "invisible formatting character"),
        ("description", "one\tline", "control character, U+0009"),
        ("industry", "tech\x00", "control character"),
        ("style", "\u2060", "invisible formatting character"),
        ("variant", "b\x1b[31m", "control character, U+001B"),
    ],
)
def test_text_the_kit_cannot_print_is_refused_naming_the_field(api, brand, field, value, words) -> None:
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=brand | {field: value})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["field"] == field
    assert words in error["message"]
    assert not error["message"].startswith("Value error"), "the message is ours, not pydantic's prefix"


def test_an_unpaired_surrogate_is_refused_naming_the_field(api, brand) -> None:
    body = json.dumps(brand | {"company_name": "Acme\ud800"}, ensure_ascii=True).encode()  # "\\ud800" on the wire
    with api.client() as client:
        response = client.post("/v1/brand-kits", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "company_name"
    assert "unpaired surrogate" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "name",
    [
        "می\u200cخواهم",  # Persian needs ZERO WIDTH NON-JOINER
        "क्\u200dष Labs",  # Devanagari with ZERO WIDTH JOINER
        "한국 로봇",
        "Acme 😀",
        "שלום Tech",
        "Ꮳherokee Acme",  # one drawable letter is enough; the rest is left out of the drawing
        "Ω" * 100,
    ],
)
def test_names_the_fonts_draw_are_accepted_with_joiners_where_scripts_need_them(api, brand, name) -> None:
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=brand | {"company_name": name})
        assert response.status_code == 202, response.text
        job = client.get(f"/v1/jobs/{response.json()['job_id']}").json()
    assert job["request"]["company_name"] == name


def test_the_cli_refuses_the_same_text_with_the_option_named(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from brandgen.shared.cli import app

    runner = CliRunner()
    bell = runner.invoke(
        app, ["generate", "--company", "Ac\x07me", "--industry", "tech", "--style", "modern", "--out", str(tmp_path)]
    )
    assert bell.exit_code == 2
    assert "--company: contains a control character, U+0007" in " ".join(bell.output.split())
    zero_width = runner.invoke(
        app, ["generate", "--company", "\u200b", "--industry", "tech", "--style", "modern", "--out", str(tmp_path)]
    )
    assert zero_width.exit_code == 2
    assert "--company:" in zero_width.output
    assert not any(tmp_path.iterdir()), "nothing ran"


# The validator and the schema's patterns are one rule: any text one accepts, the others accept.
_ALPHABET = st.one_of(
    st.characters(exclude_categories=["Cs"]),
    st.sampled_from("\x00\x07\x0b\x0c\t\n \u00a0\u200b\u200c\u200d\u202e\u2028\ufeff\ue000\uffff\U000e0041"),
    st.sampled_from("Aé가中ক😀٣"),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, derandomize=True)
@given(text=st.text(_ALPHABET, max_size=12))
def test_the_published_patterns_are_the_validators_rule(text: str) -> None:
    rules: tuple[tuple[str, texts.Requirement], ...] = (
        (texts.name_pattern(), "name_letter"),
        (texts.text_pattern(), "visible"),
        (texts.plain_pattern(), "nothing"),
    )
    for pattern, require in rules:
        accepted = texts.problem(text, require=require) is None
        assert bool(re.match(pattern, text)) == accepted, (text, require)
        # JSON Schema's own dialect, as a Rust/ECMA validator (schemathesis's) reads it.
        assert jsonschema_rs.is_valid({"type": "string", "pattern": pattern}, text) == accepted, (text, require)


@pytest.mark.slow  # reads the cmaps of the CJK fonts
def test_every_letter_a_name_may_rest_on_is_drawn_by_the_logo_fonts() -> None:
    """The API has no fonts; its list of name scripts must match what the logo stage draws."""
    from brandgen.logo.utils.typefaces import drawable_text

    letters = [chr(code) for code in range(0x10000) if texts.name_letter(chr(code))]  # all in the BMP
    assert len(letters) > 40_000
    blocks: dict[str, list[str]] = {}
    for char in letters:
        blocks.setdefault(unicodedata.name(char, "?").split()[0], []).append(char)
    undrawn = []
    for chars in blocks.values():
        for start in range(0, len(chars), 4000):  # one font lookup per chunk; per letter only on a miss
            chunk = "".join(chars[start : start + 4000])
            if drawable_text(chunk) != unicodedata.normalize("NFC", chunk):
                undrawn += [char for char in chunk if drawable_text(char) != unicodedata.normalize("NFC", char)]
    assert undrawn == []


# --- stage errors ----------------------------------------------------------------------------------


def test_a_stage_that_raises_a_parser_error_fails_the_job_in_words(start_api, brand) -> None:
    async def parse_the_logo(ctx: StageContext) -> BaseModel:
        # What the logo stage raised on a name with NUL before names were checked at the door.
        raise ParseError("not well-formed (invalid token): line 1, column 17")

    # The server's own worker runs the failing stage, as a logo worker would.
    failing = start_api(stages={"logo": Stage(name="logo", run=parse_the_logo)}, pipeline=["logo"])
    with failing.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        job = failing.wait_for(job_id, ("failed",))
        events = client.get(f"/v1/jobs/{job_id}/events").text
    message = job["error"]["message"]
    assert job["error"]["code"] == "stage_failed"
    assert job["error"]["stage"] == "logo"
    for internal in ("ParseError", "not well-formed", "line 1, column 17"):
        assert internal not in message
        assert internal not in events, "the job's public history carries no parser words either"
    assert "internal error" in message
    assert "submit the request again" in message


# --- assets ----------------------------------------------------------------------------------------


def test_an_asset_path_that_is_a_folder_or_goes_through_a_file_is_404(api, brand) -> None:
    with api.client() as client:
        job_id = client.post("/v1/brand-kits", json=brand).json()["job_id"]
        api.wait_for(job_id, ("succeeded",))
        assert client.get(f"/v1/jobs/{job_id}/assets/palette/palette.css").status_code == 200
        for name in ("palette", "rationale", "palette/palette.css/inside"):
            response = client.get(f"/v1/jobs/{job_id}/assets/{name}")
            assert response.status_code == 404, (name, response.text)
            assert response.json()["error"]["code"] == "asset_not_found"


# --- security headers ------------------------------------------------------------------------------


def _get_paths(routes: list[object], prefix: str = "") -> list[str]:
    """GET paths of `routes`, into included routers (FastAPI keeps them nested)."""
    paths: list[str] = []
    for route in routes:
        router = getattr(route, "original_router", None)
        if router is not None:
            paths += _get_paths(router.routes, prefix + router.prefix)
        elif "GET" in (getattr(route, "methods", None) or ()):
            paths.append(prefix + route.path)  # type: ignore[attr-defined]
    return paths


def _html_candidates(api) -> list[str]:
    """Every path that may serve a page: GET routes without parameters, and each HTML file mounted."""
    app = api.server.server.config.app
    paths = ["/web/" + page.name for page in WEB_ROOT.glob("*.html")]
    paths += [path for path in _get_paths(app.routes) if "{" not in path]
    return sorted(set(paths))


def test_every_html_response_carries_the_security_headers(api) -> None:
    pages = []
    with api.client() as client:
        for path in _html_candidates(api):
            response = client.get(path)
            if not response.headers.get("content-type", "").startswith("text/html"):
                continue
            pages.append(path)
            policy = response.headers.get("content-security-policy", "")
            assert "frame-ancestors 'none'" in policy, path
            assert "script-src 'self';" in policy, path
            assert "object-src 'none'" in policy, path
            assert response.headers.get("x-content-type-options") == "nosniff", path
            assert response.headers.get("x-frame-options") == "DENY", path
            assert response.headers.get("referrer-policy") == "no-referrer", path
    assert {"/", "/web/index.html", "/docs", "/redoc"} <= set(pages)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.urls += [value for key, value in found.items() if key in ("src", "href", "spec-url") and value]
        self.inline_scripts += tag == "script" and "src" not in found


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_api_reference_loads_nothing_from_another_origin(api, path) -> None:
    with api.client() as client:
        page = client.get(path)
        links = _Links()
        links.feed(page.text)
        assert links.urls, "the page references its scripts"
        assert links.inline_scripts == 0, "no inline script: the policy allows scripts from this origin only"
        for url in links.urls:
            assert url.startswith("/"), url
            assert not url.startswith("//"), url
            served = client.get(url)
            assert served.status_code == 200, url
            assert served.headers["x-content-type-options"] == "nosniff"
    assert "cdn" not in page.text.lower()


# --- the OpenAPI schema ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(api) -> dict[str, object]:
    return dict(httpx.get(f"{api.url}/openapi.json").json())


def test_the_event_stream_is_documented_as_server_sent_events(openapi) -> None:
    ok = openapi["paths"]["/v1/jobs/{job_id}/events"]["get"]["responses"]["200"]
    assert list(ok["content"]) == ["text/event-stream"]
    item = ok["content"]["text/event-stream"]["itemSchema"]
    assert set(item["properties"]) >= {"event", "data", "id"}
    assert item["properties"]["data"]["contentMediaType"] == "application/json"


def _submit_schema(openapi: dict[str, object]) -> dict[str, object]:
    """The request body's schema, with the components its `$ref`s point into."""
    return {"$ref": "#/components/schemas/SubmitRequest", "components": openapi["components"]}


def test_languages_are_an_enum_so_an_empty_code_fails_the_schema(api, brand, openapi) -> None:
    languages = openapi["components"]["schemas"]["SubmitRequest"]["properties"]["languages"]
    assert languages["items"]["enum"] == ["en", "es", "fr", "de", "pt", "ja", "zh"]
    schema = _submit_schema(openapi)
    assert not jsonschema_rs.is_valid(schema, brand | {"languages": [""]})
    assert jsonschema_rs.is_valid(schema, brand | {"languages": ["de", "en"]})
    with api.client() as client:
        response = client.post("/v1/brand-kits", json=brand | {"languages": [""]})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "languages"


def test_the_schema_publishes_the_text_rules(brand, openapi) -> None:
    schema = _submit_schema(openapi)
    for refused in ({"company_name": "\u200b"}, {"company_name": "Ac\x07me"}, {"tagline": " "}, {"primary_color": "x"}):
        assert not jsonschema_rs.is_valid(schema, brand | refused), refused
    assert jsonschema_rs.is_valid(schema, brand | {"company_name": "می\u200cخواهم", "tagline": "Robots 🤖"})


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b'{"company_name": "Acme",', "not valid JSON"),
        (b'{"company_name": "\xff\xfe"}', "could not be read"),  # not UTF-8: FastAPI's undocumented 400 before
        (b"[1, 2]", "must be a JSON object"),
        (b"[" * 5000 + b"]" * 5000, "could not be read"),  # nested too deep for the decoder
    ],
)
def test_bodies_that_do_not_parse_are_the_documented_422_with_the_body_as_field(api, body, words) -> None:
    with api.client() as client:
        response = client.post("/v1/brand-kits", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["field"] == "body", "a field path, never a byte offset"
    assert words in error["message"]
