"""The audit trail: append-only, each row chained to the previous one by a keyed MAC.

`record()` is called by every service that changes something, inside the service's transaction,
so the change and its evidence commit or roll back together. `verify()` walks the chain and names
the first row that was altered or removed.

Why keyed, and why checkpoints: with a plain hash, whoever can write the database can rewrite a
row and recompute every later hash, or cut the tail and move the head. The MAC's key lives outside
the database (core/keys.py), so the chain cannot be recomputed without it; and each committed row's
MAC is also appended, signed, to a checkpoint file outside the database (and optionally to
syslog), so rows cut off the end, or a table emptied by TRUNCATE, are found by comparing the two.
"""

import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.forms.models import model_to_dict

from . import crypto, keys
from .context import current_request_context
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
KEY_NAME = "audit"
LEGACY = "sha256"  # rows written before the chain was keyed
# The MACs a bureau may choose (GONGKAI_AUDIT_MAC); SM3 where a 密评 asks for 国密 algorithms.
MACS = {"hmac-sha256": hashes.SHA256, "hmac-sm3": hashes.SM3}

log = logging.getLogger("gongkai.audit")

# The object type an entry was recorded under before its model was renamed → the model's label
# now, so that a renamed model keeps its history; each feature adds its own renames.
EARLIER_OBJECT_TYPES: dict[str, str] = {}


def object_types(label: str) -> list[str]:
    """The object types a model's entries are recorded under: its label and its earlier ones."""
    return [label, *(old for old, new in EARLIER_OBJECT_TYPES.items() if new == label)]


def object_type_label(label: str) -> str:
    """`core.unit` → 单位 (the model's verbose name, also under a label it had before it was
    renamed), or the label itself if unknown."""
    try:
        return str(apps.get_model(EARLIER_OBJECT_TYPES.get(label, label))._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def object_type_choices() -> list[tuple[str, str]]:
    """The object types the trail holds, each under its model's label now, named in Chinese."""
    held = AuditEvent.objects.exclude(object_type="").values_list("object_type", flat=True).distinct()
    types = {EARLIER_OBJECT_TYPES.get(t, t) for t in held}
    return sorted(((t, object_type_label(t)) for t in types), key=lambda choice: (choice[1], choice[0]))


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
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.login_failed": "登录失败",
    "auth.locked_out": "账号被锁定",
    "auth.second_factor_failed": "双因素验证码错误",
    "user.second_factor_enrol": "绑定身份验证器",
    "user.second_factor_reset": "重置双因素认证",
    "user.recovery_codes": "生成恢复码",
    "keys.rotate": "轮换个人信息密钥",
}


def _jsonable(value):
    """Normalise before/after to what a JSON column gives back, so the hash survives the round trip."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def snapshot(instance, fields=None, exclude=("password",)) -> dict:
    data = model_to_dict(instance, fields=fields, exclude=exclude)
    # Personal data stored encrypted must not come back in clear through the trail: a keyed
    # fingerprint shows that it changed (and to what it changed back) without showing it.
    for f in instance._meta.concrete_fields:
        if getattr(f, "encrypted", False) and data.get(f.name):
            data[f.name] = crypto.fingerprint(str(data[f.name]))
    return _jsonable({k: ([getattr(v, "pk", v) for v in val] if isinstance(val, list) else val)
                      for k, val in data.items()})


def _canonical(event: AuditEvent) -> bytes:
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
    if event.alg != LEGACY:
        payload["alg"] = event.alg  # a keyed row cannot be passed off as made with another MAC
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _mac(alg: str, key: bytes, data: bytes) -> str:
    h = crypto_hmac.HMAC(key, MACS[alg]())
    h.update(data)
    return h.finalize().hex()


def _audit_key(*, create: bool = True) -> bytes:
    return keys.secret(KEY_NAME, create=create)


def _current_alg() -> str:
    alg = settings.GONGKAI_AUDIT_MAC
    if alg not in MACS:
        raise ImproperlyConfigured(f"GONGKAI_AUDIT_MAC 只能是 {'、'.join(MACS)}，而不是 {alg!r}")
    return alg


def _content_hash(event: AuditEvent, key: bytes | None) -> str:
    if event.alg == LEGACY:
        return hashlib.sha256(_canonical(event)).hexdigest()
    return _mac(event.alg, key, _canonical(event))


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
    alg, key = _current_alg(), _audit_key()
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
            alg=alg,
        )
        event.hash = _content_hash(event, key)
        event.save()
        head.count = event.seq
        head.last_hash = event.hash
        head.save(update_fields=["count", "last_hash"])
        # robust: the change is committed by then, and a full disk must not turn it into an error
        # page; the failure is logged, and `verify` reports rows the file does not cover as a gap.
        transaction.on_commit(partial(_write_checkpoint, event.seq, event.hash, alg), robust=True)
    return event


# --- Checkpoints outside the database ---------------------------------------------------------

def _signed(key: bytes, entry: dict) -> str:
    body = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    return _mac("hmac-sha256", key, b"gongkai-checkpoint\x00" + body.encode())


def _write_checkpoint(seq: int, mac: str, alg: str) -> None:
    # After the commit, so a rolled-back row never reaches the file. One short line in one
    # O_APPEND write: several processes append to the same file without interleaving.
    key = _audit_key()
    entry = {"seq": seq, "hash": mac, "alg": alg, "key": keys.key_id(key),
             "at": datetime.now(UTC).isoformat(timespec="seconds")}
    entry["sig"] = _signed(key, entry)
    line = json.dumps(entry, sort_keys=True, separators=(",", ":"))
    path = Path(settings.GONGKAI_AUDIT_CHECKPOINTS)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
    finally:
        os.close(fd)
    log.info("audit checkpoint %s", line)


@dataclass
class Checkpoints:
    hashes: dict[int, str] = field(default_factory=dict)
    problem: str = ""


def read_checkpoints(key: bytes) -> Checkpoints:
    """Every checkpoint in the file, each signature checked; the first bad line is the problem."""
    path = Path(settings.GONGKAI_AUDIT_CHECKPOINTS)
    found = Checkpoints()
    if not path.exists():
        return found
    our_key = keys.key_id(key)
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
                sig = entry.pop("sig")
                genuine = hmac.compare_digest(sig, _signed(key, entry))
                seq, mac = int(entry["seq"]), str(entry["hash"])
            except (ValueError, KeyError, TypeError, AttributeError):
                found.problem = f"检查点文件第 {number} 行无法读取（被改动）"
                return found
            if not genuine:
                found.problem = (f"检查点文件第 {number} 行由另一把审计密钥签署：当前密钥不是写入审计记录时的密钥"
                                 if entry.get("key") != our_key else f"检查点文件第 {number} 行被改动（签名不符）")
                return found
            if found.hashes.setdefault(seq, mac) != mac:
                found.problem = f"检查点文件对第 {seq} 条记录的记载前后不一"
                return found
    return found


# --- Verification -----------------------------------------------------------------------------

@dataclass
class VerifyResult:
    ok: bool
    checked: int
    seq: int | None = None
    problem: str = ""
    checkpoints: int = 0
    warnings: list[str] = field(default_factory=list)


def verify(batch: int = 2000) -> VerifyResult:
    """Walk the chain in order and hold it against the checkpoints kept outside the database;
    report the first row that was changed, removed or cut off."""
    try:
        key, missing = _audit_key(create=False), ""
    except keys.MissingKey as exc:
        key, missing = None, str(exc)
    cps = read_checkpoints(key) if key else Checkpoints()
    if cps.problem:
        return VerifyResult(False, 0, None, cps.problem)

    expected_seq, prev, checked, keyed = 1, GENESIS, 0, False
    while True:
        rows = list(AuditEvent.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch])
        if not rows:
            break
        for row in rows:
            if row.seq != expected_seq:
                return VerifyResult(False, checked, expected_seq, f"第 {expected_seq} 条记录缺失（已被删除）")
            if row.prev_hash != prev:
                return VerifyResult(False, checked, row.seq,
                                    f"第 {row.seq} 条记录的前序哈希不符：前一条记录被改动或删除")
            if row.alg == LEGACY and keyed:
                return VerifyResult(False, checked, row.seq,
                                    f"第 {row.seq} 条记录没有密钥签名，却排在已签名的记录之后：记录被改写")
            if row.alg != LEGACY:
                if row.alg not in MACS:
                    return VerifyResult(False, checked, row.seq, f"第 {row.seq} 条记录的签名算法 {row.alg!r} 未知")
                if key is None:
                    return VerifyResult(False, checked, row.seq,
                                        f"{missing}；无法校验第 {row.seq} 条起的记录（恢复备份时须一并恢复密钥）")
                keyed = True
            if not hmac.compare_digest(_content_hash(row, key), row.hash):
                return VerifyResult(False, checked, row.seq,
                                    f"第 {row.seq} 条记录内容被改动，或审计密钥不是写入时的密钥")
            if cps.hashes.get(row.seq, row.hash) != row.hash:
                return VerifyResult(False, checked, row.seq,
                                    f"第 {row.seq} 条记录与检查点不符：记录被改写后重新计算了签名")
            prev, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
    if cps.hashes and (last := max(cps.hashes)) > checked:
        return VerifyResult(False, checked, checked + 1,
                            f"第 {checked + 1} 条至第 {last} 条记录缺失：检查点记载了它们（记录被截断或整表被清空）",
                            len(cps.hashes))
    head = AuditHead.objects.filter(pk=1).first()
    if head and (head.count != checked or head.last_hash != prev):
        return VerifyResult(False, checked, checked + 1, f"第 {checked + 1} 条及之后的记录缺失（链尾被截断）")
    result = VerifyResult(True, checked, checkpoints=len(cps.hashes))
    if checked and not cps.hashes:
        result.warnings.append(f"没有检查点（{settings.GONGKAI_AUDIT_CHECKPOINTS}）：无法发现整表被清空")
    return result
