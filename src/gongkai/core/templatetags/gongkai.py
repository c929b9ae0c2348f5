from django import template
from django.apps import apps

from gongkai.core import audit
from gongkai.core.audit import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def object_type_label(label: str) -> str:
    """`core.unit` → 单位 (the model's verbose name, also under a label it had before it was
    renamed), or the label itself if unknown."""
    try:
        return str(apps.get_model(audit.EARLIER_OBJECT_TYPES.get(label, label))._meta.verbose_name)
    except (LookupError, ValueError):
        return label
