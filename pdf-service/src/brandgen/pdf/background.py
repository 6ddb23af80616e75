"""The pdf stage's background thread: work that runs outside the GIL, beside the guidelines.

Rendering the guidelines is pure Python and holds the GIL; PDFium rasterising, JPEG and PNG encoding
and deflating do not. The full-size social images and mockups (which the guidelines do not show)
and the kit's deflated entries are made here meanwhile, on the second core. One thread: PDFium must
never run in two threads at once (`PDFIUM` in deliverables/common.py), and the stage's own thread
is the other one at work.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="brandgen-pdf-background")
