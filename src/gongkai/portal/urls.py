from django.contrib.sitemaps.views import sitemap
from django.urls import path

from .views import applications, bulletins, home, interaction, publications, reports, search

app_name = "portal"

urlpatterns = [
    path("", home.home, name="home"),
    path("xxgk/zhinan/", publications.guide, name="guide"),
    path("xxgk/mulu/", publications.catalog, name="catalog"),
    path("xxgk/<int:pk>/", publications.publication, name="publication"),
    path("xxgk/<int:pk>/fujian/<int:attachment_pk>/", publications.attachment, name="attachment"),
    path("xxgk/rss/", publications.LatestPublicationsFeed(), name="feed_rss"),
    path("xxgk/atom/", publications.LatestPublicationsAtom(), name="feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": publications.SITEMAPS}, name="sitemap"),
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
    path("gongju/qixian/", home.deadline, name="deadline"),
    path("sousuo/", search.search, name="search"),
    path("zhangbei/", home.toggle_large_text, name="large_text"),
    path("yishenqing/", applications.apply, name="apply"),
    path("yishenqing/huizhi/", applications.receipt, name="apply_receipt"),
    path("yishenqing/huizhi/<int:app_id>.<str:ext>", applications.receipt_copy, name="apply_receipt_copy"),
    path("yishenqing/chaxun/", applications.track, name="track"),
    path("yishenqing/chaxun/jieguo/", applications.track_result, name="track_result"),
    path("yishenqing/chaxun/pingjia/", applications.track_satisfaction, name="track_satisfaction"),
    path("yishenqing/chaxun/jieshu/", applications.track_forget, name="track_forget"),
    path("yishenqing/wenshu/<int:notice_id>.<str:ext>", applications.notice_file, name="applicant_notice"),
    path("hudong/", interaction.interaction, name="interaction"),
    path("hudong/<int:pk>/", interaction.qa, name="interaction_letter"),
    path("hudong/xiexin/", interaction.write, name="letter_write"),
    path("hudong/xiexin/huizhi/", interaction.receipt, name="letter_receipt"),
    path("hudong/chaxun/", interaction.track, name="letter_track"),
    path("hudong/chaxun/jieguo/", interaction.track_result, name="letter_track_result"),
    path("hudong/chaxun/pingjia/", interaction.rate, name="letter_rate"),
    path("hudong/chaxun/jieshu/", interaction.forget, name="letter_track_forget"),
]
