"""Coded lists kept as data and edited by the office (来信分类, 办事指南类别): one set of checks and
one audit trail for all of them. The owning app checks the permission, then calls `save_term`."""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction

from gongkai.core import audit

_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@transaction.atomic
def save_term(*, actor, model: type[models.Model], term: models.Model | None, code: str, name: str,
              sort_order: int, action: str, **extra) -> models.Model:
    """Create or change one entry; every problem at once, per field, in Chinese. Codes are what
    imports and the API use, so they are lowercase ASCII and unique; names are unique too."""
    code, name = (code or "").strip().lower(), (name or "").strip()
    code_field, name_field = model._meta.get_field("code"), model._meta.get_field("name")
    errors: dict[str, str] = {}
    if not _CODE_RE.match(code) or len(code) > code_field.max_length:
        errors["code"] = f"编码只能使用小写字母、数字、短横线和下划线，不超过{code_field.max_length}个字符"
    elif model.objects.filter(code=code).exclude(pk=getattr(term, "pk", None)).exists():
        errors["code"] = f"编码“{code}”已被使用"
    if not name or len(name) > name_field.max_length:
        errors["name"] = f"请填写名称（不超过{name_field.max_length}个字）"
    elif model.objects.filter(name=name).exclude(pk=getattr(term, "pk", None)).exists():
        errors["name"] = f"名称“{name}”已存在"
    if not isinstance(sort_order, int) or not 0 <= sort_order <= 9999:
        errors["sort_order"] = "排序应为 0 至 9999 之间的整数"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(term) if term else None
    term = term or model()
    term.code, term.name, term.sort_order = code, name, sort_order
    for field, value in extra.items():
        setattr(term, field, value)
    term.save()
    audit.record(action=action, actor=actor, obj=term, before=before, after=audit.snapshot(term))
    return term
