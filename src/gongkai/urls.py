from django.urls import include, path

from gongkai.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("gongkai.portal.urls")),
    path("workbench/", include("gongkai.workbench.urls")),
    path("api/v1/", include("gongkai.api.urls")),
]
