"""Workbench page for importing a legacy catalog (XLSX/CSV) with a row-by-row report."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from gongkai.publications import importer

from .views import capability_required

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CatalogImportForm(forms.Form):
    file = forms.FileField(label="目录文件（XLSX 或 CSV）",
                           help_text=f"第 1 行为表头；不超过 {importer.MAX_BYTES // (1024 * 1024)} MB、"
                                     f"{importer.MAX_ROWS} 行。CSV 可为 UTF-8 或 GBK/GB18030 编码")
    dry_run = forms.BooleanField(label="仅检查不导入", required=False)


@capability_required(importer.IMPORT_CAPABILITY)
def publication_import(request):
    form = CatalogImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            form.add_error("file", f"文件过大：不能超过 {importer.MAX_BYTES // (1024 * 1024)} MB")
        else:
            report = importer.import_catalog(actor=request.user, filename=upload.name, data=upload.read(),
                                             dry_run=form.cleaned_data["dry_run"])
            if report.ok and not report.dry_run:
                messages.success(request, report.summary())
    return render(request, "workbench/publications/import.html", {
        "form": form, "report": report, "columns": importer.COLUMNS, "max_rows": importer.MAX_ROWS})


@capability_required(importer.IMPORT_CAPABILITY)
def publication_import_template(request):
    response = HttpResponse(importer.template_workbook(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "政府信息目录导入模板.xlsx")
    return response
