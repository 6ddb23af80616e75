"""Where the API's own links (Location, job links, download URLs) point.

Never where an untrusted `Host` header says: a client (or anything between it and the API) could
otherwise make the job and asset URLs the API hands out point at a host of its choosing, and
those URLs travel on into web pages, emails and caches. So:

1. `BRANDGEN_PUBLIC_URL` set (e.g. https://api.example.com, a path prefix allowed): every link is
   built from it, whatever the request said. Set it in any deployment behind a name.
2. Otherwise, a `Host` whose name is in `BRANDGEN_TRUSTED_HOSTS` (default: localhost, 127.0.0.1,
   ::1; `*.example.com` matches subdomains, `*` trusts any host) gives absolute links on that host.
3. Anything else gets root-relative links (`/v1/jobs/...`), which a client resolves against the
   URL it called, as RFC 9110 allows for `Location`.
"""

from __future__ import annotations

import functools
import re

from fastapi import Request

from brandgen.api.settings import ApiSettings

# A Host header that is exactly a name or a bracketed IPv6 literal and an optional port: nothing
# that could smuggle a path, a user part or a second host into a URL built from it.
_HOST = re.compile(r"(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


def _trusted(name: str, trusted_hosts: list[str]) -> bool:
    name = name.lower().strip("[]").rstrip(".")
    for pattern in trusted_hosts:
        pattern = pattern.lower().strip("[]")
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


def link_base(request: Request, settings: ApiSettings) -> str:
    """What every link of this response starts with: an origin (and prefix), or "" for relative."""
    if settings.public_url is not None:
        return str(settings.public_url).rstrip("/")
    root = str(request.scope.get("root_path", "")).rstrip("/")
    host = request.headers.get("host", "")
    return _base_for(str(request.scope.get("scheme", "http")), host, root, tuple(settings.trusted_hosts))


@functools.lru_cache(maxsize=256)
def _base_for(scheme: str, host: str, root: str, trusted_hosts: tuple[str, ...]) -> str:
    # Memoised: every job link and poll asks, with the same few hosts (bounded: Host is the client's).
    matched = _HOST.fullmatch(host)
    if matched and _trusted(matched["name"], list(trusted_hosts)):
        return f"{scheme}://{host}{root}"
    return root
