"""The only files a PDF may read: the app's own static files, behind a made-up origin.

The PDF's HTML refers to its stylesheet and fonts with paths relative to BASE_URL, under
STATIC_ORIGIN, a host that does not exist; the renderer's URL fetcher
(meetings/pdf_renderer.py) maps those URLs to files the staticfiles finders know with
static_file(). Every other URL (http, file, data, …) is refused.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders

#: The made-up origin the PDF's HTML is based on (.invalid never resolves, RFC 2606).
STATIC_ORIGIN = "https://static.plg-cyclus.invalid"
BASE_URL = f"{STATIC_ORIGIN}/static/"
#: File types a PDF may use from the static files: its stylesheet, fonts and images.
STATIC_TYPES = {".css", ".woff2", ".woff", ".ttf", ".otf", ".svg", ".png", ".jpg"}


class RefusedURL(ValueError):
    """A URL the PDF renderer may not read."""


def static_file(url: str) -> Path:
    """The static file a URL under BASE_URL stands for; RefusedURL for anything else."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != STATIC_ORIGIN or parts.query:
        raise RefusedURL(f"not one of the app's static files: {url[:200]}")
    path = unquote(parts.path)
    prefix = urlsplit(BASE_URL).path
    relative = path.removeprefix(prefix)
    if (
        relative == path
        or "\\" in relative
        or "\x00" in relative
        or posixpath.normpath(relative) != relative
        or relative.startswith(("/", "."))
        or Path(relative).suffix.lower() not in STATIC_TYPES
    ):
        raise RefusedURL(f"not one of the app's static files: {url[:200]}")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"no such static file: {relative}")
    resolved = Path(found).resolve()
    if not any(resolved.is_relative_to(root) for root in _static_roots()):
        raise RefusedURL(f"outside the static files: {relative}")
    return resolved


def _static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location).resolve())
    return roots


def content_type(path: Path) -> str:
    if path.suffix == ".woff2":
        return "font/woff2"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"
