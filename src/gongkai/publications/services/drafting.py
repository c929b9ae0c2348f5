"""Drafting an item: creating and editing the draft (its attribute decides whether it goes to
review or stays not public) and its attachments, checked by their bytes and stripped of metadata."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.core import audit
from gongkai.core.access import require
from gongkai.core.files import extraction, kinds
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.permissions import Capability

from .. import workflow
from ..models import Attachment, CatalogTopic, Finding, Publication, PublicationChannel
from .deadlines import months_later, set_deadline
from .item import EDITABLE, P, snapshot, validate

ALLOWED_KINDS = {"pdf", "docx", "xlsx", "png", "jpeg", "gif", "webp"}


def _apply_attribute_status(pub: Publication) -> None:
    if pub.attribute == P.Attribute.PROACTIVE:
        if pub.status == P.Status.NOT_PUBLIC:
            pub.status = P.Status.DRAFT
        pub.next_reevaluation_on = None
    else:
        pub.status = P.Status.NOT_PUBLIC
        pub.current_step = ""
        if not pub.next_reevaluation_on:
            pub.next_reevaluation_on = months_later(pub.created_on, settings.GONGKAI_REEVALUATION_MONTHS)


def _body_of(unit: Unit) -> DisclosureBody:
    body = unit.disclosure_body()
    if body is None:
        raise ValidationError({"unit": "该单位不属于任何公开主体，请先设置公开主体"})
    return body


def _set_fields_and_save(pub: Publication, fields: dict) -> None:
    """Apply editable fields, check them, derive status and deadline, save: one path for drafts."""
    for field, value in fields.items():
        if field not in EDITABLE:
            raise ValueError(f"unknown publication field {field}")
        setattr(pub, field, value)
    validate(pub)
    _apply_attribute_status(pub)
    set_deadline(pub)
    pub.save()


@transaction.atomic
def create_draft(*, actor: User, unit: Unit, title: str, created_on: date, topic: CatalogTopic,
                 channels: list[PublicationChannel] | None = None, **fields) -> Publication:
    require(actor, Capability.PUBLICATIONS_DRAFT, unit)
    pub = P(body=_body_of(unit), unit=unit, title=title.strip(), created_on=created_on, topic=topic,
            created_by=actor)
    _set_fields_and_save(pub, fields)
    pub.channels.set(channels if channels is not None else PublicationChannel.objects.filter(code="website"))
    audit.record(action="publication.create", actor=actor, obj=pub, unit=unit, after=snapshot(pub))
    return pub


@transaction.atomic
def update_draft(*, actor: User, publication: Publication, channels: list[PublicationChannel] | None = None,
                 unit: Unit | None = None, **fields) -> Publication:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("update_draft", pub, actor=actor)
    before = snapshot(pub)
    if unit is not None and unit != pub.unit:
        require(actor, Capability.PUBLICATIONS_DRAFT, unit)
        pub.unit, pub.body = unit, _body_of(unit)
    _set_fields_and_save(pub, fields)
    if channels is not None:
        pub.channels.set(channels)
    audit.record(action="publication.update_draft", actor=actor, obj=pub, unit=pub.unit, before=before,
                 after=snapshot(pub))
    return pub


@transaction.atomic
def add_attachment(*, actor: User, publication: Publication, name: str, data: bytes) -> Attachment:
    pub = P.objects.select_for_update().get(pk=publication.pk)
    workflow.check("add_attachment", pub, actor=actor)
    if len(data) == 0:
        raise ValidationError({"file": "文件为空"})
    limit = settings.GONGKAI_ATTACHMENT_MAX_BYTES
    if len(data) > limit:
        raise ValidationError({"file": f"文件过大：不能超过 {limit // (1024 * 1024)} MB"})
    kind = kinds.sniff(data)
    if kind not in ALLOWED_KINDS:
        raise ValidationError({"file": "只能上传 PDF、DOCX、XLSX 或图片（PNG、JPEG、GIF、WebP）文件；"
                                       "文件类型按内容识别，与扩展名无关"})
    try:
        data = extraction.strip_metadata(data, kind)
        text = extraction.extract_text(data, kind)
        hidden = extraction.hidden_content(data, kind)
    except kinds.ExtractError as exc:
        raise ValidationError({"file": str(exc)}) from None
    clean_name = name.replace("/", "_").replace("\\", "_").strip()[:200] or f"附件.{kind}"
    att = Attachment(publication=pub, original_name=clean_name, kind=kind, size=len(data),
                     sha256=hashlib.sha256(data).hexdigest(), text=text, hidden_content=hidden,
                     uploaded_by=actor)
    att.file.save(clean_name, ContentFile(data), save=False)
    att.save()
    audit.record(action="publication.add_attachment", actor=actor, obj=pub, unit=pub.unit,
                 after={"attachment": att.pk, "name": clean_name, "kind": kind, "size": len(data),
                        "sha256": att.sha256, "hidden_content": hidden})
    return att


@transaction.atomic
def remove_attachment(*, actor: User, attachment: Attachment) -> None:
    pub = P.objects.select_for_update().get(pk=attachment.publication_id)
    workflow.check("remove_attachment", pub, actor=actor, target=attachment)
    audit.record(action="publication.remove_attachment", actor=actor, obj=pub, unit=pub.unit,
                 before={"attachment": attachment.pk, "name": attachment.original_name, "sha256": attachment.sha256})
    Finding.objects.filter(publication=pub, source=f"attachment:{attachment.pk}").delete()
    attachment.file.delete(save=False)
    attachment.delete()
