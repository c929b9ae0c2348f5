from django import template
from django.apps import apps

from gongkai.core.audit import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def object_type_label(label: str) -> str:
    """`core.unit` → 单位 (the model's verbose name), or the label itself if unknown."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label
