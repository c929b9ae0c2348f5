from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import apply, bulletins, catalog, mailbox, reports, search, views

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
    path("xxgk/nianbao/", reports.annual_reports, name="annual_reports"),
    path("xxgk/nianbao/<int:pk>/", reports.annual_report, name="annual_report"),
    path("xxgk/nianbao/<int:pk>.<str:ext>", reports.annual_report_file, name="annual_report_file"),
    path("jingqing/", bulletins.bulletins, name="bulletins"),
    path("jingqing/rss/", bulletins.BulletinFeed(), name="bulletins_feed"),
    path("jingqing/<int:pk>/", bulletins.bulletin, name="bulletin"),
    path("jingqing/<int:pk>/qushi.csv", bulletins.bulletin_csv, name="bulletin_csv"),
    path("banshi/", bulletins.guides, name="guides"),
    path("banshi/<int:pk>/", bulletins.guide_detail, name="guide_detail"),
    path("banshi/<int:pk>/biaoge/<int:form_pk>/", bulletins.guide_form, name="guide_form"),
    path("gongju/qixian/", views.deadline, name="deadline"),
    path("sousuo/", search.search, name="search"),
    path("zhangbei/", views.toggle_large_text, name="large_text"),
    path("yishenqing/", apply.apply, name="apply"),
    path("yishenqing/huizhi/", apply.receipt, name="apply_receipt"),
    path("yishenqing/huizhi/<int:app_id>.<str:ext>", apply.receipt_copy, name="apply_receipt_copy"),
    path("yishenqing/chaxun/", apply.track, name="track"),
    path("yishenqing/chaxun/jieguo/", apply.track_result, name="track_result"),
    path("yishenqing/chaxun/pingjia/", apply.track_satisfaction, name="track_satisfaction"),
    path("yishenqing/chaxun/jieshu/", apply.track_forget, name="track_forget"),
    path("yishenqing/wenshu/<int:notice_id>.<str:ext>", apply.notice_file, name="applicant_notice"),
    path("hudong/", mailbox.interaction, name="interaction"),
    path("hudong/<int:pk>/", mailbox.qa, name="interaction_letter"),
    path("hudong/xiexin/", mailbox.write, name="letter_write"),
    path("hudong/xiexin/huizhi/", mailbox.receipt, name="letter_receipt"),
    path("hudong/chaxun/", mailbox.track, name="letter_track"),
    path("hudong/chaxun/jieguo/", mailbox.track_result, name="letter_track_result"),
    path("hudong/chaxun/pingjia/", mailbox.rate, name="letter_rate"),
    path("hudong/chaxun/jieshu/", mailbox.forget, name="letter_track_forget"),
]
