"""Stored XSS through attachments (issue #16, hole 1): a file is served as what its bytes are,
never as what its name says. The attacks of the outside test, after a normal review chain: a real
GIF named `page.html`, and a GIF/JavaScript polyglot named `x.js`; then the same for guide forms
and identity proofs, which go through the same download helper (core/downloads.py)."""

import base64

import pytest

from gongkai.core.downloads import named_for
from gongkai.publications import services

from .conftest import run_chain

# A 1×1 GIF, and a GIF whose bytes are also valid JavaScript (the classic polyglot: the header
# `GIF89a` is an identifier, `/*…*/` hides the image data, and the script follows).
GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00*/=1;alert(document.cookie);//;"


def served(client, pub, name):
    att = pub.attachments.get(original_name__startswith=name.rsplit(".", 1)[0])
    response = client.get(f"/xxgk/{pub.pk}/fujian/{att.pk}/")
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


@pytest.fixture
def published(draft, team):
    pub = draft(title="关于城区道路交通组织调整的通告")
    services.add_attachment(actor=team["drafter"], publication=pub, name="page.html", data=GIF)
    services.add_attachment(actor=team["drafter"], publication=pub, name="x.js", data=POLYGLOT)
    return run_chain(pub, team)


def test_a_gif_named_html_is_served_as_a_gif(client, published):
    response, body = served(client, published, "page.html")
    assert body == GIF
    assert response["Content-Type"] == "image/gif"  # not text/html
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["Content-Disposition"].startswith("inline;") and 'filename="page.gif"' in response["Content-Disposition"]


def test_a_polyglot_named_js_cannot_be_loaded_as_a_script(client, published):
    response, body = served(client, published, "x.js")
    assert body.startswith(b"GIF89a")
    # With nosniff a browser refuses a <script src> whose type is not JavaScript.
    assert "javascript" not in response["Content-Type"] and response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"] and "script-src" not in response["Content-Security-Policy"]
    assert 'filename="x.gif"' in response["Content-Disposition"]


def test_office_files_are_downloads_and_pdfs_are_shown(client, draft, team):
    from tests.publications.test_public_paths import PDF

    pub = draft(title="关于发布警务公开目录的通知")
    services.add_attachment(actor=team["drafter"], publication=pub, name="目录.pdf", data=PDF)
    run_chain(pub, team)
    response, _ = served(client, pub, "目录.pdf")
    assert response["Content-Type"] == "application/pdf" and response["Content-Disposition"].startswith("inline;")
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("page.html", "gif", "page.gif"), ("x.js", "gif", "x.gif"), ("照片.JPG", "jpeg", "照片.JPG"),
    ("照片.jpeg", "jpeg", "照片.jpeg"), ("申请表", "docx", "申请表.docx"), ("a/b\\c.pdf", "pdf", "a_b_c.pdf"),
    ("data.svg", None, "data.bin"), (".htaccess", "txt", ".htaccess.txt"),
])
def test_a_name_gets_the_extension_of_what_the_file_is(name, kind, expected):
    assert named_for(name, kind) == expected
