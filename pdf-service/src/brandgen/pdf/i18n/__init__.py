"""The guidelines' own words (headings, captions, table heads, notes) in the job's first language.

Catalogues: `<lang>/LC_MESSAGES/pdf.po` beside this file, extracted and updated with pybabel (see
the service README). What the user and the earlier stages wrote prints as written; the rationale
pages carry every requested language.
"""

from __future__ import annotations

from pathlib import Path

from brandgen.shared.i18n import MessageCatalogs

CATALOGS = MessageCatalogs(Path(__file__).parent, "pdf")
