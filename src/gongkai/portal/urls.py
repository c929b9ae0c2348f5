from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import apply, catalog, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("xxgk/zhinan/", catalog.guide, name="guide"),
    path("xxgk/mulu/", catalog.catalog, name="catalog"),
    path("xxgk/<int:pk>/", catalog.publication, name="publication"),
    path("xxgk/<int:pk>/fujian/<int:attachment_pk>/", catalog.attachment, name="attachment"),
    path("xxgk/rss/", catalog.LatestPublicationsFeed(), name="feed_rss"),
    path("xxgk/atom/", catalog.LatestPublicationsAtom(), name="feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": catalog.SITEMAPS}, name="sitemap"),
    path("gongju/qixian/", views.deadline, name="deadline"),
    path("zhangbei/", views.toggle_large_text, name="large_text"),
    path("yishenqing/", apply.apply, name="apply"),
    path("yishenqing/huizhi/", apply.receipt, name="apply_receipt"),
    path("yishenqing/chaxun/", apply.track, name="track"),
    path("yishenqing/chaxun/jieguo/", apply.track_result, name="track_result"),
    path("yishenqing/chaxun/pingjia/", apply.track_satisfaction, name="track_satisfaction"),
    path("yishenqing/chaxun/jieshu/", apply.track_forget, name="track_forget"),
    path("yishenqing/wenshu/<int:notice_id>.<str:ext>", apply.notice_file, name="applicant_notice"),
]
