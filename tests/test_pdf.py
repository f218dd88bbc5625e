"""The PDF helper: rendering, escaping of hostile input, the URL fetcher that refuses everything but
data: URIs and our own static files, and private storage."""

import base64
import builtins
import contextlib
import io
import logging
import os
import shutil
import socket
import subprocess
from unittest import mock

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.template import engines

from gemengdwonen import pdf
from gemengdwonen.charts import line_chart
from gemengdwonen.pdf import (
    RefusedURLError,
    render_html_to_pdf,
    render_to_pdf,
    safe_url_fetcher,
    static_base_url,
)
from gemengdwonen.storage import private_storage, save_private_file

PDFTOTEXT = shutil.which("pdftotext")
# 1x1 transparent PNG
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
TINY_PNG_URI = "data:image/png;base64," + base64.b64encode(TINY_PNG).decode()


def pdf_text(document: bytes) -> str | None:
    """The PDF's text with whitespace collapsed, or None when poppler-utils is not installed."""
    if not PDFTOTEXT:
        return None
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=document, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def render_string(source: str, context: dict | None = None) -> bytes:
    html = engines["django"].from_string(source).render(context or {})
    return render_html_to_pdf(html)


def refusals(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "gemengdwonen.pdf" and record.levelno == logging.WARNING
    ]


@contextlib.contextmanager
def io_spy():
    """Record every file open and network connection attempted inside the block (and block
    the connections)."""
    attempts = []
    real_open = builtins.open

    def spy_open(file, *args, **kwargs):
        attempts.append(("open", str(file)))
        return real_open(file, *args, **kwargs)

    def spy_connect(self, address):
        attempts.append(("connect", address))
        raise AssertionError(f"network connection attempted: {address}")

    def spy_getaddrinfo(host, *args, **kwargs):
        attempts.append(("getaddrinfo", host))
        raise AssertionError(f"name lookup attempted: {host}")

    with (
        mock.patch.object(builtins, "open", spy_open),
        mock.patch.object(io, "open", spy_open),
        mock.patch.object(socket.socket, "connect", spy_connect),
        mock.patch.object(socket, "getaddrinfo", spy_getaddrinfo),
    ):
        yield attempts


# --- rendering ---------------------------------------------------------------------------------


def test_render_to_pdf_renders_the_base_layout_with_a_dutch_title():
    document = render_to_pdf("pdf/base.html", {"title": "Agenda intakeoverleg De Kade"})

    assert document.startswith(b"%PDF")
    text = pdf_text(document)
    if text is not None:
        assert "Agenda intakeoverleg De Kade" in text
        assert "VERTROUWELIJK" in text
        assert "Vertrouwelijk · pagina 1 van 1" in text


def test_pdf_with_dutch_text_table_and_inline_svg_chart(caplog):
    chart = line_chart(
        title="Aandeel begeleide bewoners (%)",
        labels=["jan", "feb", "mrt", "apr"],
        series={"Begeleid": [31.0, 33.5, 35.0, 34.0], "Streefwaarde": [35, 35, 35, 35]},
    )
    source = """{% extends "pdf/base.html" %}
    {% block meta %}Coöperatie De Kade · 12-03-2025{% endblock %}
    {% block content %}
      <h2>Woonmix</h2>
      <p>Eén overzicht per locatie; gegevens over minder dan vijf personen zijn afgeschermd.</p>
      <div class="chart">{{ chart }}</div>
      <table><thead><tr><th>Vleugel</th><th class="num">Eenheden</th></tr></thead>
      <tbody><tr><td>Vleugel A</td><td class="num">12</td></tr></tbody></table>
    {% endblock %}"""

    document = render_string(source, {"title": "Kwartaalrapportage Gemengd Wonen", "chart": chart})

    assert document.startswith(b"%PDF")
    assert refusals(caplog) == []
    text = pdf_text(document)
    if text is not None:
        assert "Kwartaalrapportage Gemengd Wonen" in text
        assert "Coöperatie De Kade" in text
        assert "Eén overzicht per locatie" in text
        assert "Vertrouwelijk" in text
        assert "Streefwaarde" in text  # the SVG chart's legend is drawn as text


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<link rel="stylesheet" href="http://127.0.0.1:6379/">',
    ],
)
def test_html_and_js_in_the_context_is_printed_as_literal_text(payload, caplog):
    source = '{% extends "pdf/base.html" %}{% block content %}<p>{{ note }}</p>{% endblock %}'

    with mock.patch.object(pdf, "safe_url_fetcher", wraps=safe_url_fetcher) as fetcher:
        document = render_string(source, {"title": "Notitie", "note": payload})

    assert document.startswith(b"%PDF")
    fetcher.assert_not_called()  # the payload is text, not an element: no fetch attempted
    assert refusals(caplog) == []
    text = pdf_text(document)
    if text is not None:
        assert payload in text


# --- the URL fetcher: refused --------------------------------------------------------------------

REFUSED = {
    "local file": "file:///etc/passwd",
    "local redis": "http://127.0.0.1:6379/",
    "localhost": "http://localhost:8000/",
    "ipv6 loopback": "http://[::1]/",
    "link-local metadata": "http://169.254.169.254/latest/meta-data/",
    "remote https": "https://example.org/x.png",
    "ftp": "ftp://example.org/x",
    "javascript": "javascript:alert(1)",
    "static traversal": static_base_url() + "../../../etc/passwd",
    "static traversal encoded": static_base_url() + "css/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "static absolute path": static_base_url() + "/etc/passwd",
    "static host with port": "https://static.invalid:8443/static/css/app.css",
    "static host with userinfo": "https://user@static.invalid/static/css/app.css",
    "static file that does not exist": static_base_url() + "css/missing.css",
    "malformed": "http://[::1/",
}


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_fetcher_refuses_and_fetches_nothing(url, caplog):
    with io_spy() as attempts, pytest.raises(RefusedURLError):
        safe_url_fetcher(url)

    assert attempts == []
    assert any("refused" in message for message in refusals(caplog))


def test_fetcher_refuses_a_symlink_that_leaves_the_static_directories(tmp_path, settings, caplog):
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    static_dir = tmp_path / "static"
    static_dir.mkdir()
    (static_dir / "leak.txt").symlink_to(secret)
    settings.STATICFILES_DIRS = [static_dir]  # the setting_changed signal resets the finders

    with io_spy() as attempts, pytest.raises(RefusedURLError):
        safe_url_fetcher(static_base_url() + "leak.txt")

    assert attempts == []
    assert any("outside the static directories" in message for message in refusals(caplog))


def test_refused_resources_in_a_template_are_skipped_and_the_pdf_still_renders(caplog):
    source = """{% extends "pdf/base.html" %}{% block content %}
      <link rel="stylesheet" href="http://127.0.0.1:6379/">
      <img src="file:///etc/passwd" alt="">
      <img src="http://169.254.169.254/latest/meta-data/" alt="">
      <p>Tekst na de geweigerde bronnen.</p>
    {% endblock %}"""

    with io_spy() as attempts:
        document = render_string(source, {"title": "Geweigerde bronnen"})

    assert document.startswith(b"%PDF")
    messages = refusals(caplog)
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "http://169.254.169.254/latest/meta-data/",
    ):
        assert any(url in message for message in messages), url
    assert not [a for a in attempts if a[0] != "open" or "passwd" in a[1]]
    text = pdf_text(document)
    if text is not None:
        assert "Tekst na de geweigerde bronnen." in text


# --- the URL fetcher: allowed ------------------------------------------------------------------


def test_fetcher_serves_a_data_uri_image():
    response = safe_url_fetcher(TINY_PNG_URI)

    assert response.read() == TINY_PNG
    assert response.content_type == "image/png"


@pytest.mark.parametrize("path", ["css/app.css", "vendor/bootstrap/bootstrap.min.css"])
def test_fetcher_serves_our_static_files(path, settings):
    response = safe_url_fetcher(static_base_url() + path)

    assert response.read() == (settings.BASE_DIR / "static" / path).read_bytes()
    assert response.content_type == "text/css"


def test_fetcher_serves_collected_static_files_from_static_root(tmp_path, settings):
    # In production {% static %} gives hashed names that only exist in STATIC_ROOT.
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.0123abcd.css").write_text("p { color: black; }")
    settings.STATIC_ROOT = tmp_path

    response = safe_url_fetcher(static_base_url() + "css/app.0123abcd.css")

    assert response.read() == b"p { color: black; }"


def test_template_static_tag_and_data_uri_render_without_refusals(caplog):
    source = """{% extends "pdf/base.html" %}{% load static %}{% block content %}
      <link rel="stylesheet" href="{% static 'css/app.css' %}">
      <img src="{{ png }}" alt="" style="width: 5mm">
    {% endblock %}"""

    with mock.patch.object(pdf, "safe_url_fetcher", wraps=safe_url_fetcher) as fetcher:
        document = render_string(source, {"title": "Statisch", "png": TINY_PNG_URI})

    assert document.startswith(b"%PDF")
    fetched = {call.args[0] for call in fetcher.call_args_list}
    assert "https://static.invalid/static/css/app.css" in fetched
    assert TINY_PNG_URI in fetched
    assert refusals(caplog) == []


# --- private storage ---------------------------------------------------------------------------


@pytest.fixture
def private_root(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def test_save_private_file_replaces_the_file_at_the_same_path(private_root):
    first = save_private_file("imo/agenda-2025-03-12.pdf", b"%PDF eerste versie")
    second = save_private_file("imo/agenda-2025-03-12.pdf", b"%PDF tweede versie")

    assert first == second == "imo/agenda-2025-03-12.pdf"
    assert os.listdir(private_root / "imo") == ["agenda-2025-03-12.pdf"]
    assert (private_root / second).read_bytes() == b"%PDF tweede versie"
    with private_storage().open(second) as stored:
        assert stored.read() == b"%PDF tweede versie"


@pytest.mark.parametrize("path", ["../buiten.pdf", "/etc/cron.d/x", "imo/../../buiten.pdf", "imo/"])
def test_save_private_file_refuses_paths_outside_private_storage(path, private_root):
    with pytest.raises(SuspiciousFileOperation):
        save_private_file(path, b"x")

    assert not (private_root.parent / "buiten.pdf").exists()


def test_private_files_have_no_url(private_root):
    name = save_private_file("rapport.pdf", b"%PDF")

    with pytest.raises(ValueError):
        private_storage().url(name)
