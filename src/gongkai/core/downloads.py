"""Serving a stored file to a browser without letting it act: the one place for the headers of a
download.

Every uploaded file (catalog attachments, guide forms, identity proofs) is served with the type of
what its bytes are, as `core.files.kinds.sniff` named it at upload, never with a type guessed
from the uploader's file name: a real GIF called `page.html` was served as text/html, and a
GIF/JavaScript polyglot called `x.js` as text/javascript, which `script-src 'self'` lets run on
the portal's origin, also the workbench's. So every file response here carries:

- the content type of its kind (unknown kinds: application/octet-stream);
- `Content-Disposition: attachment`, except PDF and images, which are shown inline; never a PDF
  with JavaScript, embedded files or launch actions (`core.files.pdf.pdf_active_content`, checked here on
  the bytes served, so it holds for files stored before the check existed);
- a file name whose extension is its kind's, whatever it was called when uploaded;
- `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox`, so that even a file a
  browser would render cannot run a script or reach the site's cookies and pages.
"""

from urllib.parse import quote

from django.core.cache import cache
from django.http import FileResponse, HttpResponse

from gongkai.core.files.pdf import pdf_active_content

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": "text/plain; charset=utf-8",
}
INLINE_KINDS = frozenset({"pdf", "png", "jpeg", "gif", "webp"})
# The extensions a file of each kind may keep; the first is the one it is given otherwise.
EXTENSIONS = {"jpeg": ("jpg", "jpeg"), "txt": ("txt",)}
SANDBOX = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'"


def named_for(name: str, kind: str | None) -> str:
    """`name` with the extension of what the file is: `page.html` holding a GIF is `page.gif`."""
    name = name.replace("/", "_").replace("\\", "_").strip() or "文件"
    allowed = EXTENSIONS.get(kind, (kind,)) if kind else ("bin",)
    stem, dot, extension = name.rpartition(".")
    if dot and extension.lower() in allowed:
        return name
    return f"{stem if dot and stem else name}.{allowed[0]}"


def file_response(content, *, kind: str | None, filename: str, inline: bool = True,
                  sha256: str | None = None) -> HttpResponse:
    """A response serving `content` (bytes or an open binary file) of `kind` as `filename`.
    `inline=False` makes even a PDF or an image a download (files for staff only). `sha256`, the
    digest stored with the file, lets the verdict on a PDF's active content be kept between requests."""
    content_type = CONTENT_TYPES.get(kind or "", "application/octet-stream")
    shown = inline and kind in INLINE_KINDS and not (kind == "pdf" and _pdf_is_active(content, sha256))
    if isinstance(content, bytes | bytearray | memoryview):
        response = HttpResponse(bytes(content), content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    name = named_for(filename, kind)
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    # An ASCII name for old clients, the real (Chinese) name per RFC 5987 for the rest; every byte
    # outside the unreserved set is percent-encoded, so no quote or semicolon gets through.
    response["Content-Disposition"] = (f"{'inline' if shown else 'attachment'}; filename=\"{ascii_name}\"; "
                                       f"filename*=UTF-8''{quote(name, safe='')}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response


def _pdf_is_active(content, sha256: str | None) -> bool:
    """Whether the PDF may run a script or carry files: a browser's viewer must not open it on the
    site. Parsing a long PDF takes a fraction of a second, so the verdict is kept by digest."""
    key = f"pdf-active:{sha256}" if sha256 else None
    verdict = cache.get(key) if key else None
    if verdict is None:
        verdict = bool(pdf_active_content(content))
        if not isinstance(content, bytes | bytearray | memoryview):
            content.seek(0)
        if key:
            cache.set(key, verdict, None)
    return verdict
