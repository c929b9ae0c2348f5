"""Query-string parameters several API lists share, refused with a 400 that names the parameter."""

from rest_framework.exceptions import ValidationError

from gongkai.core import bounds


def year(params) -> int | None:
    """The `year` filter (core/bounds.py: 1949–2100), or None when not given."""
    try:
        return bounds.parse_year(params.get("year"))
    except ValueError as error:
        raise ValidationError({"year": [str(error)]}) from None
