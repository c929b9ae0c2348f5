from csp.decorators import csp_update
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import obtain_auth_token

from . import application_actions, applications, publications, views

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
    path("publications/", publications.PublicPublicationList.as_view(), name="api-publications"),
    path("publications/<int:pk>/", publications.PublicPublicationDetail.as_view(), name="api-publication"),
    path("topics/", publications.TopicList.as_view(), name="api-topics"),
    path("staff/publications/", publications.StaffPublicationList.as_view(), name="api-staff-publications"),
    path("staff/publications/<int:pk>/", publications.StaffPublicationDetail.as_view(),
         name="api-staff-publication"),
    path("staff/publications/<int:pk>/<str:action>/", publications.StaffPublicationAction.as_view(),
         name="api-staff-publication-action"),
    path("public/applications/", applications.PublicApplicationSubmit.as_view(), name="api-public-applications"),
    path("public/applications/<str:tracking_number>/", applications.PublicApplicationStatus.as_view(),
         name="api-public-application"),
    path("public/applications/<str:tracking_number>/notices/<int:notice_id>.<str:ext>",
         applications.PublicApplicationNotice.as_view(), name="api-public-application-notice"),
    path("staff/applications/", applications.StaffApplicationList.as_view(), name="api-staff-applications"),
    path("staff/applications/<int:pk>/", applications.StaffApplicationDetail.as_view(),
         name="api-staff-application"),
    path("staff/applications/<int:pk>/<str:action>/", application_actions.StaffApplicationAction.as_view(),
         name="api-staff-application-action"),
]
