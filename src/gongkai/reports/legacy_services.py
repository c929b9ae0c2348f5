"""The writes of the older tables (`legacy.py`): templates and yearly figures: validated with Chinese messages, audited,
allowed to holders of `reports.manage` on the owner's unit (a template without a unit: all-unit
scope only; a figure: the body's unit)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.core import audit, clock
from gongkai.core.access import can, require
from gongkai.core.models import DisclosureBody, Unit, User
from gongkai.core.text import clean_text

from .legacy import number
from .legacy_measures import (
    CAPABILITY,
    FIGURE_BY_KEY,
    FIRST_YEAR,
    MAX_LEVEL,
    MAX_ROWS,
    Figure,
    clean_params,
    parse_params,
)
from .models import LegacyFigure, LegacyRow, LegacyTemplate

# What the audit pages call this module's actions (registered in ReportsConfig.ready()).
AUDIT_LABELS = {
    "legacy_template.create": "新建历年统计表模板",
    "legacy_template.update": "修改历年统计表模板",
    "legacy_template.delete": "删除历年统计表模板",
    "legacy_figure.save": "填报历年统计表年度数据",
}


# --- Writes --------------------------------------------------------------------------------------

def check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": "年度应为四位数字"}) from None
    if not FIRST_YEAR <= year <= clock.today().year:
        raise ValidationError({"year": f"年度应在{FIRST_YEAR}年至{clock.today().year}年之间"})
    return year


def _check_pattern(text: str, field_name: str, allowed: tuple[str, ...], errors: dict, max_length: int) -> str:
    text = clean_text(text)
    if len(text) > max_length:
        errors[field_name] = f"不能超过{max_length}个字"
    rest = text
    for placeholder in allowed:
        rest = rest.replace(placeholder, "")
    if "{" in rest or "}" in rest:
        errors[field_name] = f"只能使用占位符{'、'.join(allowed)}"
    return text


def clean_rows(rows: list[dict]) -> list[dict]:
    """Rows as the editor sends them, in order: block, label, unit, level, measure, params (a dict,
    or the editor's text). Raises one ValidationError listing every bad row."""
    problems, cleaned = [], []
    for n, raw in enumerate(rows, start=1):
        label = clean_text(raw.get("label"))
        where = f"第{n}行" + (f"“{label}”" if label else "")
        try:
            if not label:
                raise ValidationError("请填写指标名称")
            if len(label) > 100:
                raise ValidationError("指标名称不能超过100个字")
            block, unit = clean_text(raw.get("block")), clean_text(raw.get("unit"))
            if len(block) > 60 or len(unit) > 10:
                raise ValidationError("分表名称不能超过60个字，计量单位不能超过10个字")
            try:
                level = int(raw.get("level") or 0)
            except (TypeError, ValueError):
                raise ValidationError("缩进层级应为0至3的整数") from None
            if not 0 <= level <= MAX_LEVEL:
                raise ValidationError("缩进层级应为0至3的整数")
            measure = (raw.get("measure") or "").strip()
            if not measure:
                raise ValidationError("请选择统计口径")
            params = raw.get("params") or {}
            if isinstance(params, str):
                params = parse_params(params)
            params = clean_params(measure, params)
        except ValidationError as exc:
            problems.append(f"{where}：{'；'.join(exc.messages)}")
            continue
        cleaned.append({"block": block, "label": label, "unit": unit, "level": level, "measure": measure,
                        "params": params})
    if problems:
        raise ValidationError({"rows": problems})
    if not cleaned:
        raise ValidationError({"rows": "模板至少要有一行指标"})
    if len(cleaned) > MAX_ROWS:
        raise ValidationError({"rows": f"模板不能超过{MAX_ROWS}行"})
    return cleaned


def _snapshot(template: LegacyTemplate) -> dict:
    return {
        "name": template.name, "title": template.title, "year_label": template.year_label,
        "cumulative_label": template.cumulative_label, "note": template.note,
        "unit": template.unit.code if template.unit_id else "",
        "rows": [{"block": r.block, "label": r.label, "unit": r.unit, "level": r.level, "measure": r.measure,
                  "params": r.params} for r in template.rows.order_by("position")],
    }


@transaction.atomic
def save_template(*, actor: User, template: LegacyTemplate | None = None, name: str, title: str,
                  year_label: str, cumulative_label: str = "", note: str = "", rows: list[dict]) -> LegacyTemplate:
    """Create a template (owned by no unit when the actor has all-unit scope, else by the actor's
    unit) or replace an existing one's settings and rows, in the order given. All or nothing."""
    if template is None:
        owner: Unit | None = None if can(actor, CAPABILITY, None) else actor.unit
        require(actor, CAPABILITY, owner)
    else:
        template = LegacyTemplate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=template.pk)
        require(actor, CAPABILITY, template.unit)
    errors: dict = {}
    name = clean_text(name)
    if not name:
        errors["name"] = "请填写模板名称"
    elif len(name) > 60:
        errors["name"] = "模板名称不能超过60个字"
    elif LegacyTemplate.objects.filter(name=name).exclude(pk=getattr(template, "pk", None)).exists():
        errors["name"] = "已有同名模板"
    title = _check_pattern(title, "title", ("{主体}", "{年度}"), errors, 100)
    if not title:
        errors["title"] = "请填写表题"
    year_label = _check_pattern(year_label, "year_label", ("{年度}",), errors, 20)
    if not year_label:
        errors["year_label"] = "请填写本年度列名"
    cumulative_label = _check_pattern(cumulative_label, "cumulative_label", ("{年度}",), errors, 20)
    note = clean_text(note)
    try:
        cleaned = clean_rows(rows)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    created = template is None
    before = None if created else _snapshot(template)
    if created:
        template = LegacyTemplate(unit=owner)
    template.name, template.title, template.year_label = name, title, year_label
    template.cumulative_label, template.note, template.updated_by = cumulative_label, note, actor
    template.save()
    template.rows.all().delete()
    LegacyRow.objects.bulk_create(LegacyRow(template=template, position=i, **row)
                                  for i, row in enumerate(cleaned, start=1))
    audit.record(action="legacy_template.create" if created else "legacy_template.update", actor=actor,
                 obj=template, unit=template.unit, before=before, after=_snapshot(template))
    return template


@transaction.atomic
def delete_template(*, actor: User, template: LegacyTemplate) -> None:
    template = LegacyTemplate.objects.select_for_update(of=("self",)).select_related("unit").get(pk=template.pk)
    require(actor, CAPABILITY, template.unit)
    audit.record(action="legacy_template.delete", actor=actor, obj=template, unit=template.unit,
                 before=_snapshot(template))
    template.delete()


def _clean_figure(figure: Figure, value) -> Decimal | None:
    text = "" if value is None else str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        amount = Decimal(text)
        if not amount.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError("请填写数字") from None
    if amount < 0 or amount > Decimal("999999999999"):
        raise ValidationError("应为不小于0的数字")
    if not figure.decimals and amount != amount.to_integral_value():
        raise ValidationError(f"{figure.unit}数应为整数")
    if amount.as_tuple().exponent < -2:
        raise ValidationError("最多保留两位小数")
    return amount


@transaction.atomic
def save_figures(*, actor: User, body: DisclosureBody, year, values: dict, note: str = "") -> dict[str, LegacyFigure]:
    """Enter a body's yearly figures (FIGURES keys → number, or empty to clear). All or nothing."""
    require(actor, CAPABILITY, body.unit)
    year = check_year(year)
    errors, amounts = {}, {}
    for key, value in values.items():
        figure = FIGURE_BY_KEY.get(key)
        if figure is None:
            errors[key] = f"未知的数据项“{key}”"
            continue
        try:
            amounts[key] = _clean_figure(figure, value)
        except ValidationError as exc:
            errors[key] = exc.messages
    note = clean_text(note)
    if len(note) > 200:
        errors["note"] = "说明不能超过200个字"
    if errors:
        raise ValidationError(errors)
    existing = {f.key: f for f in LegacyFigure.objects.select_for_update().filter(body=body, year=year)}
    before = {k: number(f.value) for k, f in existing.items()}
    notes_before = {f.note for f in existing.values()}
    after = {}
    for key, amount in amounts.items():
        row = existing.get(key)
        if amount is None:
            if row is not None:
                row.delete()
                existing.pop(key)
            continue
        if row is None:
            row = existing[key] = LegacyFigure(body=body, year=year, key=key)
        row.value, row.note, row.updated_by = amount, note, actor
        row.save()
        after[key] = number(amount)
    for key, row in existing.items():
        after.setdefault(key, number(row.value))
    if before != after or (existing and notes_before != {note}):
        audit.record(action="legacy_figure.save", actor=actor, obj=body, unit=body.unit,
                     object_repr=f"{body.letter_name}{year}年", before={"year": year, **before},
                     after={"year": year, "note": note, **after})
    return existing
