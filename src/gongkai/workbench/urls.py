from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from . import views_publications as pubs

app_name = "workbench"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_edit, name="unit_new"),
    path("units/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_pk>/body/", views.body_edit, name="body_edit"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_edit, name="user_new"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
    path("roles/", views.roles, name="roles"),
    path("roles/new/", views.role_edit, name="role_new"),
    path("roles/<int:pk>/", views.role_edit, name="role_edit"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/enter/", views.calendar_enter, name="calendar_enter"),
    path("calendar/<int:pk>/", views.calendar_year, name="calendar_year"),
    path("publications/", pubs.publication_list, name="publications"),
    path("publications/new/", pubs.publication_edit, name="publication_new"),
    path("publications/review/", pubs.review_queue, name="review_queue"),
    path("publications/deadlines/", pubs.deadlines, name="publication_deadlines"),
    path("publications/reevaluation/", pubs.reevaluation_queue, name="reevaluation_queue"),
    path("publications/<int:pk>/", pubs.publication_detail, name="publication"),
    path("publications/<int:pk>/edit/", pubs.publication_edit, name="publication_edit"),
    path("publications/<int:pk>/correct/", pubs.publication_correct, name="publication_correct"),
    path("publications/<int:pk>/submit/", pubs.publication_submit, name="publication_submit"),
    path("publications/<int:pk>/approve/", pubs.publication_approve, name="publication_approve"),
    path("publications/<int:pk>/reject/", pubs.publication_reject, name="publication_reject"),
    path("publications/<int:pk>/withdraw/", pubs.publication_withdraw, name="publication_withdraw"),
    path("publications/<int:pk>/reevaluate/", pubs.publication_reevaluate, name="publication_reevaluate"),
    path("publications/<int:pk>/attach/", pubs.publication_attach, name="publication_attach"),
    path("publications/<int:pk>/attachments/<int:attachment_pk>/remove/", pubs.attachment_remove,
         name="attachment_remove"),
    path("publications/<int:pk>/findings/<int:finding_pk>/acknowledge/", pubs.finding_acknowledge,
         name="finding_acknowledge"),
    path("publications/<int:pk>/findings/<int:finding_pk>/redact/", pubs.finding_redact, name="finding_redact"),
    path("audit/", views.audit, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("audit/<int:seq>/", views.audit_event, name="audit_event"),
]
