from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("gongju/qixian/", views.deadline, name="deadline"),
    path("zhangbei/", views.toggle_large_text, name="large_text"),
]
