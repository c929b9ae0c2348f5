"""The two older tables of the seeds as legacy templates, row labels as the seeds print them:
三明市公安局 2016 统计报表 (seed 001, 本年度 and 历年累计) and 广州市公安局 2011 附表1–4 (seed 002).
Measures and parameters are those of reports/legacy_measures.py; the office may change the rows later."""

from django.db import migrations

PUBLICATIONS, RECEIVED, ANSWERED, REMEDIES, LETTERS, FIGURE = (
    "publications", "applications_received", "applications_answered", "remedies", "letters", "figure")
LITIGATION = ["litigation", "litigation_after"]
NOT_AGREED = ["not_exist", "not_ours", "unclear", "other"]

SANMING = {
    "name": "三明式统计报表（2016年）",
    "title": "{主体}{年度}年政府信息公开统计报表",
    "year_label": "{年度}年度",
    "cumulative_label": "历年累计",
    "note": "三明市公安局2016年政府信息公开年度报告附件的统计报表（指标名称、计量单位、本年度、历年累计）。",
    "rows": [
        # block, label, unit, level, measure, params
        ("", "主动公开文件数", "条", 0, PUBLICATIONS, {}),
        ("", "其中:1.政府网站公开数", "条", 1, PUBLICATIONS, {"channels": ["website"]}),
        ("", "2.政府公报公开数", "条", 1, PUBLICATIONS, {"channels": ["gazette"]}),
        ("", "受理政府信息公开申请总数", "条", 0, RECEIVED, {}),
        ("", "其中:1.当面申请数", "条", 1, RECEIVED, {"channels": ["in_person"]}),
        ("", "2.网上申请数", "条", 1, RECEIVED, {"channels": ["online"]}),
        ("", "3.信函、传真申请数", "条", 1, RECEIVED, {"channels": ["letter", "registered_post", "fax"]}),
        ("", "对申请的答复总数", "条", 0, ANSWERED, {}),
        ("", "其中:1.同意公开答复数", "条", 1, ANSWERED, {"groups": ["public"]}),
        ("", "2.同意部分公开答复数", "条", 1, ANSWERED, {"groups": ["partial"]}),
        ("", "3.不予公开答复数", "条", 1, ANSWERED, {"groups": ["refused"]}),
        ("", "4.其他类型答复数", "条", 1, ANSWERED, {"groups": NOT_AGREED}),
        ("", "政府信息公开收费减免金额", "元", 0, FIGURE, {"key": "fee_waived"}),
        ("", "行政复议数", "件", 0, REMEDIES, {"kinds": ["reconsideration"]}),
        ("", "行政诉讼数", "件", 0, REMEDIES, {"kinds": LITIGATION}),
        ("", "接受行政申诉、举报数", "件", 0, FIGURE, {"key": "complaints"}),
    ],
}

T1, T2, T3, T4 = "附表1 主动公开情况统计", "附表2 依申请公开情况统计", "附表3 咨询情况统计", "附表4 申诉情况统计表"
GUANGZHOU = {
    "name": "广州式附表1—4（2011年）",
    "title": "{主体}{年度}年政府信息公开情况统计表",
    "year_label": "数量",
    "cumulative_label": "",
    "note": "广州市公安局2011年政府信息公开年度报告“说明与附表”的附表1至附表4。",
    "rows": [
        (T1, "主动公开信息数", "", 0, PUBLICATIONS, {}),
        (T1, "其中:全文电子化的主动公开信息数", "", 1, PUBLICATIONS, {"full_text_electronic": True}),
        (T1, "新增的行政规范性文件数", "", 0, PUBLICATIONS, {"legal_forms": ["normative"]}),
        (T2, "依申请公开信息目录数", "", 0, RECEIVED, {}),
        (T2, "申请总数", "", 0, RECEIVED, {}),
        (T2, "其中:1.当面申请数", "", 1, RECEIVED, {"channels": ["in_person"]}),
        (T2, "2.传真申请数", "", 1, RECEIVED, {"channels": ["fax"]}),
        (T2, "3.电子邮件申请数", "", 1, RECEIVED, {"channels": ["email"]}),
        (T2, "4.网上申请数", "", 1, RECEIVED, {"channels": ["online"]}),
        (T2, "5.信函申请数", "", 1, RECEIVED, {"channels": ["letter", "registered_post"]}),
        (T2, "6.其他形式申请数", "", 1, RECEIVED, {"channels": ["other"]}),
        (T2, "对申请的答复总数", "", 0, ANSWERED, {}),
        (T2, "其中:1.同意公开答复数", "", 1, ANSWERED, {"groups": ["public"]}),
        (T2, "2.同意部分公开答复数", "", 1, ANSWERED, {"groups": ["partial"]}),
        (T2, "3.不予公开答复数", "", 1, ANSWERED, {"groups": ["refused"]}),
        (T2, "4.信息不存在答复数", "", 1, ANSWERED, {"groups": ["not_exist"]}),
        (T2, "5.非本机关政府信息答复数", "", 1, ANSWERED, {"groups": ["not_ours"]}),
        (T2, "6.申请内容不明确答复数", "", 1, ANSWERED, {"groups": ["unclear"]}),
        (T3, "网上咨询数", "人次", 0, LETTERS, {"kinds": ["enquiry"], "channels": ["website", "weibo", "wechat", "qq"]}),
        (T3, "现场接待人数", "人次", 0, FIGURE, {"key": "onsite_reception"}),
        (T3, "网站专栏页面访问量", "人次", 0, FIGURE, {"key": "page_views"}),
        (T4, "行政复议数", "", 0, REMEDIES, {"kinds": ["reconsideration"]}),
        (T4, "行政诉讼数", "", 0, REMEDIES, {"kinds": LITIGATION}),
        (T4, "行政申诉数", "", 0, FIGURE, {"key": "complaints"}),
        (T4, "其中:对本单位首次处理不满意的行政申诉数", "", 1, FIGURE, {"key": "complaints_first"}),
    ],
}


def seed(apps, schema_editor):
    Template = apps.get_model("reports", "LegacyTemplate")
    Row = apps.get_model("reports", "LegacyRow")
    for spec in (SANMING, GUANGZHOU):
        template = Template.objects.create(name=spec["name"], title=spec["title"], year_label=spec["year_label"],
                                           cumulative_label=spec["cumulative_label"], note=spec["note"])
        Row.objects.bulk_create(
            Row(template=template, position=i, block=block, label=label, unit=unit, level=level, measure=measure,
                params=params)
            for i, (block, label, unit, level, measure, params) in enumerate(spec["rows"], start=1))


def unseed(apps, schema_editor):
    apps.get_model("reports", "LegacyTemplate").objects.filter(
        name__in=[SANMING["name"], GUANGZHOU["name"]]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_legacytemplate_legacyfigure_legacyrow")]
    operations = [migrations.RunPython(seed, unseed)]
