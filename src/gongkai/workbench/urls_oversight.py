"""Workbench addresses of the oversight pages (included under /workbench/reports/oversight/, namespace workbench)."""

urlpatterns: list = []
