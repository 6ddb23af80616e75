"""What a stage recorded for the operator never prints in the customer's PDF (issue 22)."""

from __future__ import annotations

from pdf_helpers import all_text, reader, render

from brandgen.pdf.settings import PdfSettings


async def test_a_template_fallback_prints_a_fixed_note_not_the_recorded_reason(
    brand, pdf_settings: PdfSettings
) -> None:
    fixture = await brand(languages=["en"])
    # A reason as an older rationale worker recorded it: the LLM's address with credentials, its model.
    leaky = "openai backend (op-model-7b) failed: the LLM at http://ops:hunter2@10.1.2.3:8000/v1 is unreachable"
    fixture.job.outputs["rationale"]["fallback_reason"] = leaky
    _, data = await render(fixture, pdf_settings)
    text = " ".join(all_text(reader(data)).split())
    for secret in ("hunter2", "10.1.2.3", "op-model-7b", "8000/v1", "ops:"):
        assert secret not in text, secret
    assert "Written from templates: the language model was not available when this document was made." in text
