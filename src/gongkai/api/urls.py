from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

from . import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI sets a few inline styles; only its page relaxes style-src for them.
    path("docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("auth/token/", obtain_auth_token, name="api-token"),
    path("workdays/add", views.WorkdaysAddView.as_view(), name="api-workdays-add"),
    path("calendar/<int:year>/", views.CalendarYearView.as_view(), name="api-calendar-year"),
    path("bodies/", views.DisclosureBodyListView.as_view(), name="api-bodies"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("units/", views.UnitListView.as_view(), name="api-units"),
    path("audit/", views.AuditEventListView.as_view(), name="api-audit"),
]
