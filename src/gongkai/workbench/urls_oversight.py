"""Workbench addresses of the oversight pages (included under /workbench/reports/oversight/, namespace workbench)."""

from django.urls import path

from .views import oversight

urlpatterns = [
    path("", oversight.dashboard, name="oversight"),
    path("records/", oversight.records, name="oversight_records"),
    path("circular/", oversight.circular_file, name="oversight_circular"),
]
