"""Workbench addresses of the legacy pages (included under /workbench/reports/legacy/, namespace workbench)."""

from django.urls import path

from .views import legacy

urlpatterns: list = [
    path("", legacy.legacy_tables, name="legacy_tables"),
    path("table/<int:pk>/", legacy.legacy_table, name="legacy_table"),
    path("table/<int:pk>/cell/<int:row>/<str:column>/", legacy.legacy_cell, name="legacy_cell"),
    path("table/<int:pk>/xlsx/", legacy.legacy_xlsx, name="legacy_xlsx"),
    path("templates/new/", legacy.legacy_template_new, name="legacy_template_new"),
    path("templates/<int:pk>/", legacy.legacy_template, name="legacy_template"),
    path("templates/<int:pk>/delete/", legacy.legacy_template_delete, name="legacy_template_delete"),
    path("figures/", legacy.legacy_figures, name="legacy_figures"),
]
