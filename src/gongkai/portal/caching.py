"""Public pages cached in each web process, keyed by the version of public content.

Every write that changes public content bumps `search.Version` in its own transaction
(search/changes.py), in commit order: a page cached under an older version is never served
again, and a withdrawn item's page is gone with the commit that withdrew it, in every process.
What the log does not cover (a topic renamed, the site's settings) is bounded by the cache's
timeout. Only anonymous visitors without a session are served from the cache (staff and
applicants with a tracking grant see their own pages), only for the parameters a page knows (a
junk query string is not a new entry), and never a response that set a cookie or showed messages."""

from functools import wraps
from hashlib import sha256

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from gongkai.search.changes import version

from .views.home import LARGE_TEXT_COOKIE

CACHE = "pages"


MAX_BYTES = 256 * 1024  # a larger page is rendered each time rather than held in memory


def _cacheable(request) -> bool:
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.user.is_authenticated)


def _stores(request, response) -> bool:
    messages = getattr(request, "_messages", None)
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and len(response.content) <= MAX_BYTES
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token
            and not (messages is not None and (messages.used or messages._queued_messages)))


def public_page(params: tuple[str, ...] = ()):
    """Serve the view's 200 responses from the per-process page cache (see the module docstring);
    `params`: the query parameters the page reads."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request) or any(name not in params for name in request.GET):
                return view(request, *args, **kwargs)
            variant = "L" if request.COOKIES.get(LARGE_TEXT_COOKIE) else "S"
            # The host and scheme: the print page writes its own address into the page.
            address = "\n".join([request.scheme, request.get_host(), request.path,
                                 *(f"{k}={v}" for k in sorted(request.GET) for v in request.GET.getlist(k))])
            key = f"page:{version()}:{variant}:{sha256(address.encode('utf-8', 'surrogatepass')).hexdigest()}"
            cache = caches[CACHE]
            hit = cache.get(key)
            if hit is not None:
                content, content_type = hit
                response = HttpResponse(content, content_type=content_type)
            else:
                response = view(request, *args, **kwargs)
                if _stores(request, response):
                    cache.set(key, (response.content, response["Content-Type"]))
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorate
