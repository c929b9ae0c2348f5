"""A published version's files, as the portal and the workbench serve them."""

from django.http import Http404, HttpResponse
from django.utils.encoding import escape_uri_path

from .models import ReportVersion

FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_response(version: ReportVersion, ext: str) -> HttpResponse:
    """The file named after the report's title; the PDF opens in the browser, the others download."""
    if ext not in FILE_TYPES:
        raise Http404("文件不存在")
    response = HttpResponse(bytes(getattr(version, ext)), content_type=FILE_TYPES[ext])
    name = version.document["title"] + (f"（第{version.number}版）" if version.number > 1 else "") + f".{ext}"
    disposition = "inline" if ext == "pdf" else "attachment"
    response["Content-Disposition"] = (f"{disposition}; filename=\"annual-report-{version.pk}.{ext}\"; "
                                       f"filename*=UTF-8''{escape_uri_path(name)}")
    response["X-Content-Type-Options"] = "nosniff"
    return response
