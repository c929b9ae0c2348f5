from .navigation import portal_nav, search_url
from .views.home import LARGE_TEXT_COOKIE


def portal(request):
    return {
        "portal_nav": portal_nav(request.path),
        "search_url": search_url(),
        "large_text": bool(request.COOKIES.get(LARGE_TEXT_COOKIE)),
    }
