"""Workbench addresses of the legacy pages (included under /workbench/reports/legacy/, namespace workbench)."""

urlpatterns: list = []
