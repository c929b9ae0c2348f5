"""What every workbench page shares: who may open it, and how a service's refusal shows on its form."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core.access import has_capability


def capability_required(*capabilities):
    """The page is for holders of any of `capabilities` (in any unit: the view scopes the data)."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not any(has_capability(request.user, c) for c in capabilities):
                raise PermissionDenied("您没有访问此页面的权限")
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


def import_upload(form, max_bytes: int):
    """The file of a valid import form, or None with the form told it is over the import's limit
    (the request's own limit, `body_limit`, is a little above it)."""
    upload = form.cleaned_data["file"]
    if upload.size > max_bytes:
        form.add_error("file", f"文件过大：不能超过 {max_bytes // (1024 * 1024)} MB")
        return None
    return upload


def apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form fields it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
