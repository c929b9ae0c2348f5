from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

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
    path("audit/", views.audit, name="audit"),
    path("audit/verify/", views.audit_verify, name="audit_verify"),
    path("audit/<int:seq>/", views.audit_event, name="audit_event"),
]
