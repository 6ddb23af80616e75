#!/usr/bin/env python3
"""Smoke test a running Brand Generator: health, readiness, one brand kit end to end, one download.

Standard library only, so it runs from any machine that can reach the API:

    python3 infrastructure/scripts/smoke_test.py --base-url http://localhost:8080 --api-key "$KEY"

Exit status 0 when the kit succeeded and its PDF downloads; 1 otherwise, with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

FINAL = {"succeeded", "failed", "canceled"}


class SmokeError(Exception):
    pass


def call(method: str, url: str, api_key: str | None, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - the URL is the operator's
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if api_key:
        request.add_header("X-API-Key", api_key)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            payload = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        payload, status = error.read(), error.code
    try:
        return status, json.loads(payload) if payload else None
    except json.JSONDecodeError:
        return status, payload


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeError(message)


def run(base_url: str, api_key: str | None, timeout: float) -> None:
    base = base_url.rstrip("/")
    status, _ = call("GET", f"{base}/healthz", None)
    expect(status == 200, f"/healthz answered {status}")
    status, body = call("GET", f"{base}/readyz", None)
    expect(status == 200, f"/readyz answered {status}: {body}")
    print("health and readiness: ok")

    request = {"company_name": "Smoke Test Ltd", "industry": "technology", "style": "modern", "candidates": 1}
    status, accepted = call("POST", f"{base}/v1/brand-kits", api_key, request)
    expect(status == 202, f"POST /v1/brand-kits answered {status}: {accepted}")
    job_id = accepted["job_id"]
    print(f"job {job_id} accepted")

    deadline = time.monotonic() + timeout
    job: dict[str, Any] = {}
    while time.monotonic() < deadline:
        status, job = call("GET", f"{base}/v1/jobs/{job_id}", api_key)
        expect(status == 200, f"GET /v1/jobs/{job_id} answered {status}: {job}")
        if job["status"] in FINAL:
            break
        time.sleep(2)
    expect(job.get("status") == "succeeded", f"job ended {job.get('status', 'unfinished')}: {job.get('error')}")
    status, job = call("GET", f"{base}/v1/jobs/{job_id}?view=full", api_key)  # polls get the compact view
    expect(status == 200, f"GET /v1/jobs/{job_id}?view=full answered {status}: {job}")
    for stage, view in job["stages"].items():
        print(f"  {stage}: {view['status']} after {view['attempts']} attempt(s)")

    assets = job["result"]["assets"]
    pdfs = [asset for asset in assets if asset["name"].endswith(".pdf")]
    expect(bool(pdfs), f"no PDF among {len(assets)} assets")
    url = urllib.parse.urljoin(f"{base}/", pdfs[0]["url"])
    request_pdf = urllib.request.Request(url)  # noqa: S310
    if api_key and url.startswith(base):
        request_pdf.add_header("X-API-Key", api_key)
    with urllib.request.urlopen(request_pdf, timeout=60) as response:  # noqa: S310
        head = response.read(5)
    expect(head == b"%PDF-", f"{pdfs[0]['name']} is not a PDF")
    print(f"kit succeeded with {len(assets)} assets; {pdfs[0]['name']} downloads")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=os.environ.get("BRANDGEN_URL", "http://localhost:8080"))
    parser.add_argument("--api-key", default=os.environ.get("BRANDGEN_API_KEY"))
    parser.add_argument("--timeout", type=float, default=600, help="Seconds to wait for the kit.")
    args = parser.parse_args()
    try:
        run(args.base_url, args.api_key, args.timeout)
    except (SmokeError, OSError, KeyError) as error:
        print(f"smoke test failed: {error}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
