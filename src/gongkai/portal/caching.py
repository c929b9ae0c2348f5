"""Public pages cached in each web process, keyed by the search change log's last id.

Every write that changes public content adds a row to the change log in its own transaction
(search/changes.py), so the log's last id is a version of everything public: a page cached under
an older id is never served again, and a withdrawn item's page is gone with the commit that
withdrew it, in every process. What the log does not cover (a topic renamed, the site's settings)
is bounded by the cache's timeout. Only anonymous visitors without a session are served from the
cache: staff and applicants with a tracking grant see their own pages."""

from functools import wraps
from hashlib import sha256

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from gongkai.search.models import Change

from .views import LARGE_TEXT_COOKIE

CACHE = "pages"


def content_version() -> int:
    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _cacheable(request) -> bool:
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.user.is_authenticated)


def public_page(view):
    """Serve the view's 200 responses from the per-process page cache (see the module docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        variant = "L" if request.COOKIES.get(LARGE_TEXT_COOKIE) else "S"
        path = sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
        key = f"page:{content_version()}:{variant}:{path}"
        cache = caches[CACHE]
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]))
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
