"""The operator's LLM settings never reach a customer: `brandgen generate` with the LLM down.

Found by a hostile probe (issue 22): with the template fallback, the PDF and the job record printed
the configured base URL, credentials included, and the model name. The pipeline here is the real
embedded one; the LLM address is a local port with nothing listening (connection refused).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from brandgen.shared.testkit import free_port

BRANDGEN = shutil.which("brandgen") or str(Path(sys.executable).with_name("brandgen"))


@pytest.mark.slow
def test_llm_address_model_and_key_are_in_no_customer_output(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there: the LLM is unreachable
    private = {
        "user": "operator-acct",
        "password": "s3cr3t-pass",
        "path": "private-gateway",
        "model": "op-private-model-7b",
        "key": "sk-operator-key-123",
    }
    base_url = f"http://{private['user']}:{private['password']}@127.0.0.1:{port}/{private['path']}/v1"
    out = tmp_path / "kit"
    result = subprocess.run(
        [
            BRANDGEN,
            "generate",
            "--out",
            str(out),
            "--company",
            "Acme Robotics",
            "--industry",
            "technology",
            "--style",
            "modern",
            "--language",
            "en",
            "--language",
            "de",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={
            **os.environ,
            "BRANDGEN_GRAPH_URI": "embedded",
            "BRANDGEN_RATIONALE_BACKEND": "openai",
            "BRANDGEN_LLM_BASE_URL": base_url,
            "BRANDGEN_LLM_MODEL": private["model"],
            "BRANDGEN_LLM_API_KEY": private["key"],
            "BRANDGEN_LLM_RETRIES": "0",
        },
    )
    assert result.returncode == 0, result.stderr
    job = json.loads((out / "job.json").read_text())
    rationale = job["outputs"]["rationale"]
    assert rationale["backend"] == "template"
    assert rationale["fallback_reason"], "the customer is still told the text came from templates"
    pdf = PdfReader(out / "pdf/brand-guidelines.pdf")
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    customer_facing = {
        "PDF": pdf_text,
        "job output": json.dumps(job["outputs"], ensure_ascii=False),
        "rationale Markdown": "".join(p.read_text("utf-8") for p in (out / "rationale").glob("*.md")),
        "kit manifest": (out / "pdf/manifest.json").read_text("utf-8"),
    }
    # The bare port number could turn up by chance in a hash or a timing; with its colon it cannot.
    secrets = [*private.values(), "127.0.0.1", f":{port}"]
    for where, text in customer_facing.items():
        leaked = [secret for secret in secrets if secret in text]
        assert not leaked, f"{where} shows the operator's LLM settings: {leaked}"
    # The customer-facing note is there, in the document's words.
    assert "Written from templates" in pdf_text
