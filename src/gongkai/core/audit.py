"""The audit trail: append-only, each row chained to the previous one by SHA-256.

`record()` is called by every service that changes something, inside the service's transaction,
so the change and its evidence commit or roll back together. `verify()` walks the chain and names
the first row that was altered or removed.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.forms.models import model_to_dict

from .context import current_request_context
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64

# What an action is called in the workbench; each feature adds the actions its services record.
ACTION_LABELS: dict[str, str] = {
    "unit.create": "新增单位",
    "unit.update": "修改单位",
    "body.create": "设立公开主体",
    "body.update": "修改公开主体设置",
    "role.create": "新增角色",
    "role.update": "修改角色",
    "user.create": "新增用户",
    "user.update": "修改用户",
    "user.reset_password": "重置密码",
    "user.change_password": "修改本人密码",
    "user.unlock": "解除登录锁定",
    "calendar.enter_year": "录入节假日安排",
}


def _jsonable(value):
    """Normalise before/after to what a JSON column gives back, so the hash survives the round trip."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def snapshot(instance, fields=None, exclude=("password",)) -> dict:
    data = model_to_dict(instance, fields=fields, exclude=exclude)
    return _jsonable({k: ([getattr(v, "pk", v) for v in val] if isinstance(val, list) else val)
                      for k, val in data.items()})


def _content_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "unit": event.unit_id,
        "unit_name": event.unit_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "ip": event.ip,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record(*, action: str, actor=None, obj=None, before=None, after=None, unit=None,
           object_type: str = "", object_id: str = "", object_repr: str = "", ip: str | None = None
           ) -> AuditEvent:
    ctx = current_request_context()
    if actor is None and ctx.user is not None and ctx.user.is_authenticated:
        actor = ctx.user
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if unit is None and actor is not None:
        unit = actor.unit
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.count + 1,
            at=datetime.now(UTC),  # when the change was really made: never the demo's back-dated day
            actor=actor,
            actor_name=actor.display_name if actor else "",
            unit=unit,
            unit_name=unit.name if unit else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=object_repr[:200],
            before=_jsonable(before),
            after=_jsonable(after),
            ip=ip or ctx.ip,
            prev_hash=head.last_hash,
        )
        event.hash = _content_hash(event)
        event.save()
        head.count = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["count", "last_hash"])
    return event


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    seq: int | None = None
    problem: str = ""


def verify(batch: int = 2000) -> VerifyResult:
    """Walk the chain in order; report the first row that was changed, removed, or cut off."""
    expected_seq, prev, checked = 1, GENESIS, 0
    last_seq = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last_seq).order_by("seq")[:batch])
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq, f"第 {expected_seq} 条记录缺失（已被删除）")
            if row.prev_hash != prev:
                return VerifyResult(False, checked, row.seq,
                                    f"第 {row.seq} 条记录的前序哈希不符：前一条记录被改动或删除")
            if _content_hash(row) != row.hash:
                return VerifyResult(False, checked, row.seq, f"第 {row.seq} 条记录内容被改动")
            prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
            last_seq = row.seq
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.count != checked or head.last_hash != prev):
        return VerifyResult(False, checked, checked + 1, f"第 {checked + 1} 条及之后的记录缺失（链尾被截断）")
    return VerifyResult(True, checked)
