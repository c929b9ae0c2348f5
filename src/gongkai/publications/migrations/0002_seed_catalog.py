"""The police catalog tree of catalog.md, the genres and the publication channels, as data."""

from django.db import migrations

ALL = ["unit_review", "confidentiality", "sign_off"]
NO_SIGN_OFF = ["unit_review", "confidentiality"]

# (code, name, parent code, publish within N working days or None for Art. 26's 20, steps, sealed)
TOPICS = [
    ("01", "机构职能", None, None, ALL, False),
    ("02", "法律法规与政策文件", None, None, ALL, False),
    ("0201", "规章", "02", None, ALL, False),
    ("0202", "行政规范性文件", "02", None, ALL, False),
    ("0203", "其他政策文件", "02", None, ALL, False),
    ("03", "政策解读", None, None, ALL, False),
    ("04", "规划计划", None, None, ALL, False),
    ("05", "行政许可", None, None, ALL, False),
    ("0501", "办事指南", "05", None, ALL, False),
    # 国办发〔2018〕118号: licence and penalty decisions within 7 working days.
    ("0502", "行政许可结果", "05", 7, NO_SIGN_OFF, False),
    ("06", "行政处罚与行政强制", None, None, ALL, False),
    ("0601", "交通管理行政处罚决定", "06", 7, NO_SIGN_OFF, False),
    ("0602", "出入境管理行政处罚决定", "06", 7, NO_SIGN_OFF, False),
    # 治安管理处罚法 (2026) Art. 136: sealed, never published item by item.
    ("0603", "治安管理处罚决定", "06", 7, ALL, True),
    ("0604", "行政强制决定", "06", None, NO_SIGN_OFF, False),
    ("07", "财政信息", None, None, ALL, False),
    ("0701", "部门预算", "07", None, ALL, False),
    ("0702", "部门决算", "07", None, ALL, False),
    ("0703", "三公经费", "07", None, ALL, False),
    ("08", "警务信息", None, None, ALL, False),
    ("0801", "治安状况", "08", None, ALL, False),
    ("0802", "警情通报", "08", 7, NO_SIGN_OFF, False),
    ("0803", "交通管理", "08", None, ALL, False),
    ("0804", "出入境管理", "08", None, ALL, False),
    ("0805", "户籍管理", "08", None, ALL, False),
    ("0806", "消防", "08", None, ALL, False),
    ("09", "警方提示与预防犯罪", None, None, NO_SIGN_OFF, False),
    ("10", "便民服务", None, None, ALL, False),
    ("11", "应急管理", None, None, ALL, False),
    ("12", "人事信息", None, None, ALL, False),
    ("13", "工作动态", None, None, NO_SIGN_OFF, False),
    ("14", "新闻发布", None, None, ALL, False),
    ("15", "年度报告", None, None, ALL, False),
    ("16", "其他", None, None, ALL, False),
]

GENRES = ["通知", "公告", "通告", "意见", "办法", "规定", "决定", "报告", "解读", "方案", "规划", "指南", "公示", "其他"]

CHANNELS = [
    ("website", "政府网站"), ("gazette", "政府公报"), ("press_conference", "新闻发布会"), ("media", "报刊广电"),
    ("weibo", "政务微博"), ("wechat", "政务微信"), ("app", "政务新媒体客户端"), ("screen", "触摸屏/公开栏"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("publications", "Topic")
    Genre = apps.get_model("publications", "Genre")
    Channel = apps.get_model("publications", "Channel")
    by_code = {}
    for order, (code, name, parent, days, steps, sealed) in enumerate(TOPICS):
        parent_topic = by_code.get(parent)
        topic = Topic.objects.create(code=code, name=name, parent=parent_topic, sort_order=order,
                                     publish_within_days=days, review_steps=steps, is_sealed=sealed)
        topic.path = f"{parent_topic.path if parent_topic else '/'}{topic.pk:06d}/"
        topic.save(update_fields=["path"])
        by_code[code] = topic
    for order, name in enumerate(GENRES):
        Genre.objects.create(name=name, sort_order=order)
    for order, (code, name) in enumerate(CHANNELS):
        Channel.objects.create(code=code, name=name, sort_order=order)


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
