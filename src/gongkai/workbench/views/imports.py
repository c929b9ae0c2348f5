"""Workbench page for importing a legacy catalog (XLSX/CSV) with a row-by-row report."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from gongkai.applications import ledger
from gongkai.core.middleware import body_limit
from gongkai.publications import importer

from ..forms.imports import CatalogImportForm, LedgerImportForm
from ..pages import capability_required, import_upload

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

@body_limit(importer.MAX_BYTES)
@capability_required(importer.IMPORT_CAPABILITY)
def publication_import(request):
    form = CatalogImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid() and (upload := import_upload(form, importer.MAX_BYTES)):
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


# --- Applications ledger (台账) --------------------------------------------------------------

@body_limit(ledger.MAX_BYTES)
@capability_required(ledger.CAPABILITY)
def application_import(request):
    from gongkai.core.access import scope_units
    from gongkai.core.models import DisclosureBody

    bodies = list(DisclosureBody.objects.filter(unit__in=scope_units(request.user, ledger.CAPABILITY))
                  .select_related("unit"))
    form = LedgerImportForm(request.POST or None, request.FILES or None, bodies=bodies)
    report = None
    if request.method == "POST" and form.is_valid() and (upload := import_upload(form, ledger.MAX_BYTES)):
        body = next(b for b in bodies if b.pk == form.cleaned_data["body"])
        report = ledger.import_ledger(actor=request.user, filename=upload.name, data=upload.read(),
                                      default_body=body, dry_run=form.cleaned_data["dry_run"])
        if report.ok and not report.dry_run:
            messages.success(request, report.summary())
    return render(request, "workbench/applications/import.html",
                  {"form": form, "report": report, "columns": ledger.COLUMNS})
