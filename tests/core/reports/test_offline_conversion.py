"""LibreOffice converting a document that links a picture on a server (an old .doc from outside, a
template's image) never reaches the network: no request arrives at a server standing in for it."""

from __future__ import annotations

import http.server
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.oldreports.reader import read_source
from core.reports.pdf import find_soffice, to_pdf

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")

LINKED = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:p>实验小学2023年工作总结</text:p>
<text:p>一、主要做法<draw:frame draw:name="logo" svg:width="2cm" svg:height="2cm"><draw:image
 xlink:href="{url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p>
</office:text></office:body></office:document>"""


class Server:
    """A local web server recording every request made to it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def handle_one_request(self) -> None:
                super().handle_one_request()
                if self.requestline:
                    requests.append(self.requestline)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/logo.png"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.httpd.shutdown()


def linked_document(folder: Path, url: str, suffix: str) -> Path:
    """A document (.doc or .docx) whose picture is linked to url, written by LibreOffice itself."""
    source = folder / "linked.fodt"
    source.write_text(LINKED.format(url=url), encoding="utf-8")
    profile = (folder / "maker").as_uri()
    subprocess.run(
        [
            str(find_soffice()),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            suffix.lstrip("."),
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return source.with_suffix(suffix)


def test_an_old_doc_linking_a_picture_is_read_without_a_request(server: Server, tmp_path: Path) -> None:
    old = linked_document(tmp_path, server.url, ".doc")
    assert server.requests  # LibreOffice writing it did fetch: the link is real
    server.requests.clear()
    source = read_source(old)
    assert "实验小学2023年工作总结" in [block.text for block in source.blocks]
    assert server.requests == []


def test_a_docx_linking_a_picture_becomes_a_pdf_without_a_request(server: Server, tmp_path: Path) -> None:
    docx = linked_document(tmp_path, server.url, ".docx")
    server.requests.clear()
    pdf = to_pdf(docx, tmp_path / "out.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert server.requests == []
