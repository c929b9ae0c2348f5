from django import template

from gongkai.core import audit
from gongkai.core.audit import ACTION_LABELS

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def object_type_label(label: str) -> str:
    return audit.object_type_label(label)
