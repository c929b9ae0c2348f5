"""What every write shares about an item: its editable fields and their audit snapshot, the check
of what the person typed in, and the labels of the audit actions that are not steps."""

from django.core.exceptions import ValidationError

from gongkai.core import audit

from ..models import Publication

P = Publication
EDITABLE = [
    "title", "summary", "body_text", "document_number", "created_on", "topic", "genre", "keywords",
    "full_text_electronic", "legal_form", "validity", "valid_from", "valid_until", "repealed_on", "interprets",
    "attribute", "attribute_basis", "attribute_reason",
]


def snapshot(pub: Publication) -> dict:
    data = audit.snapshot(pub, EDITABLE + ["status", "current_step", "index_number", "version"])
    data["channels"] = sorted(pub.channels.values_list("code", flat=True)) if pub.pk else []
    return data


def validate(pub: Publication) -> None:
    errors = {}
    if not pub.title.strip():
        errors["title"] = "请填写信息名称"
    if pub.attribute != P.Attribute.PROACTIVE:
        if not pub.attribute_basis:
            errors["attribute_basis"] = "依申请公开或不予公开的信息须注明依据的条款（条例第十四、十五、十六条）"
        if not pub.attribute_reason.strip():
            errors["attribute_reason"] = "请写明认定理由"
    elif pub.attribute_basis or pub.attribute_reason.strip():
        pub.attribute_basis, pub.attribute_reason = "", ""
    if pub.validity == P.Validity.REPEALED and not pub.repealed_on:
        errors["repealed_on"] = "已废止的文件须填写废止日期"
    if pub.valid_from and pub.valid_until and pub.valid_until < pub.valid_from:
        errors["valid_until"] = "失效日期不能早于施行日期"
    if pub.interprets_id:
        if pub.interprets_id == pub.pk:
            errors["interprets"] = "解读不能指向自身"
        elif pub.interprets.interprets_id:
            errors["interprets"] = "解读应关联政策文件本身，而不是另一篇解读"
    if pub.topic_id and pub.topic.is_sealed and pub.attribute == P.Attribute.PROACTIVE:
        errors["topic"] = (f"“{pub.topic.name}”依《治安管理处罚法》第一百三十六条封存，不得逐件公开，"
                           "只计入统计数据")
    if errors:
        raise ValidationError(errors)


# Audit actions other than the steps' (`workflow.audit_labels`); registered in apps.py.
AUDIT_LABELS = {
    "publication.create": "起草公开信息",
    "publication.publish": "发布",
    "topic.create": "新增主题分类",
    "topic.update": "修改主题分类",
    "enforcement.save": "录入执法与收费数据",
    "publication.import": "导入公开信息",
    "catalog.import": "导入目录",
}
