"""The one PDF helper: Django template -> HTML -> PDF with WeasyPrint.

Rendering is slow and memory-hungry, so it never happens inside a web request: Celery tasks and
management commands call these functions and store the result in private storage
(`gemengdwonen.storage.save_private_file`); views only hand out stored files after an access check.

WeasyPrint fetches every stylesheet, image, font and attachment a document refers to. Its default
fetcher follows `file://`, `http(s)://` and `ftp://` URLs, so a template that ever shows a
user-controlled URL could read local files or reach the local Redis or a cloud metadata service.
Here WeasyPrint gets `safe_url_fetcher` instead, which never touches the network and serves only:

- `data:` URIs, and
- the app's own static files, at `https://static.invalid/static/<path>` (`STATIC_BASE_URL` joined
  with `settings.STATIC_URL`). Documents are rendered with `STATIC_BASE_URL` as their base URL, so
  templates simply use `{% static 'css/app.css' %}` (-> `/static/css/app.css`). `.invalid` is a
  reserved top-level domain (RFC 2606): the host can never resolve, and it is never looked up.

Everything else is refused: a warning is logged and an exception raised, which WeasyPrint catches
and logs before rendering the document without that resource.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_BASE_URL = "https://static.invalid/"
# Our largest static file (Bootstrap's CSS) is about 230 kB; anything far bigger is not a
# resource a PDF should embed.
MAX_RESOURCE_BYTES = 10 * 1024 * 1024


class RefusedURLError(ValueError):
    """A URL the PDF renderer may not fetch."""


def render_to_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    """Render `template_name` with `context` and return the PDF as bytes.

    Never call this inside a web request: it can take seconds. Callers are Celery tasks and
    management commands. Context values are auto-escaped like in any Django template.
    """
    html = render_to_string(template_name, context)
    return render_html_to_pdf(html, base_url=base_url)


def render_html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML string to PDF. Resources are fetched only through `safe_url_fetcher`.

    Not for use inside a web request (see `render_to_pdf`). `base_url` defaults to
    `STATIC_BASE_URL`, against which `{% static %}` URLs resolve to the app's static files.
    """
    return render_html_to_pdf_pages(html, base_url=base_url)[0]


def render_html_to_pdf_pages(html: str, *, base_url: str | None = None) -> tuple[bytes, int]:
    """`render_html_to_pdf`, with the number of pages of the result (the annual report records
    it with each version)."""
    import weasyprint  # slow import (Pango, fontconfig): only when a PDF is actually rendered

    document = weasyprint.HTML(
        string=html, base_url=base_url or STATIC_BASE_URL, url_fetcher=make_url_fetcher()
    ).render()
    return document.write_pdf(), len(document.pages)


def make_url_fetcher() -> URLFetcher:
    """A WeasyPrint `URLFetcher` whose every fetch goes through `safe_url_fetcher`."""
    return _safe_url_fetcher_class()(timeout=5, allowed_protocols=(), allow_redirects=False)


@functools.cache
def _safe_url_fetcher_class() -> type[URLFetcher]:
    # Defined lazily because importing weasyprint.urls imports all of WeasyPrint.
    from weasyprint.urls import URLFetcher

    class SafeURLFetcher(URLFetcher):
        """WeasyPrint (>= 66) wants an URLFetcher instance; `fetch` is its single entry point
        (`__call__` and `open` both go through it). The urllib handlers the base class sets up
        are never used, and `allowed_protocols=()` would refuse everything if they were."""

        def fetch(self, url, headers=None):
            return safe_url_fetcher(url, timeout=self._timeout)

    return SafeURLFetcher


def safe_url_fetcher(url: str, timeout: float = 5, ssl_context=None) -> URLFetcherResponse:
    """Serve `data:` URIs and the app's own static files; refuse everything else.

    Raises `RefusedURLError` (after logging a warning) for any other URL: `file:`, loopback, link-
    local, any remote host, `ftp:`, `javascript:`, static paths that escape the static roots.
    `timeout` and `ssl_context` mirror WeasyPrint's fetcher signature and are unused: nothing
    here goes over the network.
    """
    from weasyprint.urls import URLFetcherResponse

    try:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            body, content_type = _read_data_uri(url)
        elif url.startswith(static_base_url()):
            body, content_type = _read_static_file(url)
        else:
            raise RefusedURLError("only data: URIs and the app's static files are allowed")
    except RefusedURLError as error:
        logger.warning("PDF: refused to fetch %s: %s", _loggable(url), error)
        raise
    except ValueError as error:  # urlsplit on a malformed URL, a malformed data: URI
        logger.warning("PDF: refused to fetch %s: %s", _loggable(url), error)
        raise RefusedURLError(str(error)) from error
    return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def static_base_url() -> str:
    """Prefix under which the fetcher serves static files: `https://static.invalid/static/`."""
    return urljoin(STATIC_BASE_URL, settings.STATIC_URL)


def _read_data_uri(url: str) -> tuple[bytes, str]:
    # urllib's DataHandler only parses the URI (base64 or percent-encoded); it opens nothing.
    response = DataHandler().data_open(Request(url))
    body = response.read()
    if len(body) > MAX_RESOURCE_BYTES:
        raise RefusedURLError("data: URI too large")
    return body, response.headers.get_content_type()


def _read_static_file(url: str) -> tuple[bytes, str]:
    parts = urlsplit(url)
    base = urlsplit(static_base_url())
    # Compare the parsed parts too: "https://static.invalid/static/@evil" style tricks and
    # userinfo/port variants must not pass the string prefix check alone.
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(
        base.path
    ):
        raise RefusedURLError("not under the static prefix")
    relative = unquote(parts.path[len(base.path) :])
    _check_relative_path(relative)

    roots = _static_roots()
    for candidate in _static_candidates(relative):
        real = os.path.realpath(candidate)
        # realpath resolves symlinks: a link inside a static directory that points elsewhere
        # (e.g. to /etc) resolves outside every root and is refused.
        if not any(_is_within(real, root) for root in roots):
            raise RefusedURLError("resolves outside the static directories")
        if os.path.isfile(real):
            with open(real, "rb") as handle:
                body = handle.read(MAX_RESOURCE_BYTES + 1)
            if len(body) > MAX_RESOURCE_BYTES:
                raise RefusedURLError("static file too large")
            content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            return body, content_type
    raise RefusedURLError("no such static file")


def _check_relative_path(relative: str) -> None:
    if not relative or "\x00" in relative or "\\" in relative:
        raise RefusedURLError("invalid static path")
    path = PurePosixPath(relative)
    if path.is_absolute() or any(part in ("..", ".") for part in relative.split("/")):
        raise RefusedURLError("path traversal in static path")


def _static_candidates(relative: str) -> list[str]:
    """Where a static path may live: the staticfiles finders (app and project static
    directories, as in development), then STATIC_ROOT (collected, hashed names in production)."""
    candidates = []
    found = finders.find(relative)
    if found:
        candidates.append(found)
    if settings.STATIC_ROOT:
        candidates.append(os.path.join(settings.STATIC_ROOT, *relative.split("/")))
    return candidates


def _static_roots() -> list[str]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(os.path.realpath(location))
    if settings.STATIC_ROOT:
        roots.append(os.path.realpath(settings.STATIC_ROOT))
    return roots


def _is_within(path: str, root: str) -> bool:
    return Path(path).is_relative_to(root) and path != root


def _loggable(url: str) -> str:
    return url if len(url) <= 200 else f"{url[:200]}…"
