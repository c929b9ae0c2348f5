from django.urls import include, path

from gongkai.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("gongkai.portal.urls")),
    path("workbench/", include("gongkai.workbench.urls")),
    path("api/v1/", include("gongkai.api.urls")),
]

handler400 = "gongkai.core.views.bad_request"
handler403 = "gongkai.core.views.permission_denied"
handler404 = "gongkai.core.views.page_not_found"
handler500 = "gongkai.core.views.server_error"
