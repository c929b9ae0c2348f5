"""The public disclosure section: catalog, item pages, attachments, feeds, sitemap, guide.
Every query starts from `public_publications()`; nothing else reaches the public, but the
statement of an enforcement decision withdrawn because it was changed or revoked
(`withdrawal_statements()`, at its address and in the catalog)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import never_cache

from gongkai.core import bounds, clock
from gongkai.core.downloads import file_response
from gongkai.core.models import DisclosureBody, Unit
from gongkai.publications.models import Attachment, Genre, PublicationChannel
from gongkai.publications.selectors import public_publications, public_topics, withdrawal_statements
from gongkai.search.changes import version

from ..caching import CACHE, public_page


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _facets() -> dict:
    """Counts per topic, the publishing units and the years of the whole public catalog: scans of
    every item at a million of them, so computed once per version of public content and shared by
    every filter and page of the catalog (the page cache holds each address separately)."""
    def compute() -> dict:
        items = public_publications().order_by()
        first = items.order_by("published_at").values_list("published_at", flat=True).first()
        last = items.order_by("-published_at").values_list("published_at", flat=True).first()
        years = list(range(timezone.localtime(last).year, timezone.localtime(first).year - 1, -1)) if first else []
        return {"counts": dict(items.values_list("topic").annotate(n=Count("id"))),
                "units": list(items.values_list("unit", flat=True).distinct()),
                "years": years}
    return caches[CACHE].get_or_set(f"catalog-facets:{version()}", compute)


@public_page(params=("topic", "body", "unit", "genre", "year", "page", "withdrawn_page"))
def catalog(request):
    topics = list(public_topics())
    bodies = list(DisclosureBody.objects.select_related("unit").order_by("unit__path"))
    chosen = {"topic": None, "body": None, "unit": None, "genre": None, "year": None}
    chosen_filter = Q()  # the reader's choices, for the published items and the withdrawn decisions alike
    try:
        chosen["year"] = bounds.parse_year(request.GET.get("year"))
        year_error = ""
    except ValueError as error:
        year_error = str(error)
    topic_id = _int(request.GET.get("topic"))
    if topic_id:
        chosen["topic"] = next((t for t in topics if t.pk == topic_id), None)
        if chosen["topic"]:
            chosen_filter &= Q(topic__path__startswith=chosen["topic"].path)
    body_code = request.GET.get("body")
    if body_code:
        chosen["body"] = next((b for b in bodies if b.unit.code == body_code), None)
        if chosen["body"]:
            chosen_filter &= Q(body=chosen["body"])
    unit_code = request.GET.get("unit")
    facets = _facets()
    units = Unit.objects.filter(pk__in=facets["units"]).order_by("path")
    if unit_code:
        chosen["unit"] = next((u for u in units if u.code == unit_code), None)
        if chosen["unit"]:
            chosen_filter &= Q(unit=chosen["unit"])
    genre_id = _int(request.GET.get("genre"))
    if genre_id:
        chosen["genre"] = Genre.objects.filter(pk=genre_id).first()
        if chosen["genre"]:
            chosen_filter &= Q(genre=chosen["genre"])
    if chosen["year"]:
        chosen_filter &= Q(published_at__year=chosen["year"])
    items = public_publications().filter(chosen_filter)
    counts = facets["counts"]
    tree = [{"topic": t, "count": sum(n for tid, n in counts.items()
                                        if any(x.pk == tid and x.path.startswith(t.path) for x in topics))}
            for t in topics]
    years = facets["years"]
    page = Paginator(items.order_by("-published_at", "-id"), 20).get_page(request.GET.get("page"))
    # 行政处罚法 第四十八条第二款: a decision withdrawn because it was changed or revoked stays listed,
    # marked withdrawn, with its public statement.
    withdrawn = Paginator(withdrawal_statements().filter(chosen_filter).order_by("-withdrawn_at", "-id"), 20)
    withdrawn_page = withdrawn.get_page(request.GET.get("withdrawn_page"))
    query = request.GET.copy()
    query.pop("page", None)
    withdrawn_query = request.GET.copy()
    withdrawn_query.pop("withdrawn_page", None)
    columns = _columns()
    return render(request, "portal/catalog.html", {
        "columns": columns, "related": [c for c in columns if _related(c, chosen["topic"])],
        "column": "信息公开目录", "page": page, "tree": tree, "bodies": bodies, "units": units,
        "genres": Genre.objects.all(), "withdrawn_page": withdrawn_page,
        "withdrawn_query": withdrawn_query.urlencode(),
        "years": years, "chosen": chosen, "year_error": year_error, "query": query.urlencode()})


@public_page(params=("print",))
def publication(request, pk):
    pub = public_publications().prefetch_related("channels", "attachments").filter(pk=pk).first()
    if pub is None:
        return _withdrawn(request, pk)
    interpretations = public_publications().filter(interprets=pub)
    policy = public_publications().filter(pk=pub.interprets_id).first() if pub.interprets_id else None
    template = "portal/publication_print.html" if request.GET.get("print") else "portal/publication.html"
    return render(request, template, {
        "column": "信息公开目录", "pub": pub, "interpretations": interpretations, "policy": policy,
        "attachments": pub.attachments.all(), "channels": pub.channels.all()})


def _withdrawn(request, pk):
    """The address of an enforcement decision withdrawn because it was changed or revoked answers
    with the public statement, as 410 Gone: the decision is gone from here for good (search
    engines and archives drop it), and a reader still learns why (行政处罚法 第四十八条第二款:
    撤回并公开说明理由). Any other item not public is not found."""
    statement = withdrawal_statements().filter(pk=pk).first()
    if statement is None:
        raise Http404("信息不存在或未公开")
    return render(request, "portal/publication_withdrawn.html",
                  {"column": "信息公开目录", "pub": statement}, status=410)


@never_cache
def attachment(request, pk, attachment_pk):
    """Served through this view on every request: the item must be published right now."""
    pub = get_object_or_404(public_publications(), pk=pk)
    att = get_object_or_404(Attachment, pk=attachment_pk, publication=pub)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404("附件不存在") from None
    return file_response(handle, kind=att.kind, filename=att.original_name, sha256=att.sha256)


def guide(request):
    """信息公开指南, from the disclosure body's own settings: it cannot contradict the system."""
    bodies = list(DisclosureBody.objects.select_related("unit").order_by("unit__path"))
    if not bodies:
        raise Http404("尚未设置信息公开主体")
    body = next((b for b in bodies if b.unit.code == request.GET.get("body")), bodies[0])
    try:
        apply_url = reverse("portal:apply")
    except NoReverseMatch:
        apply_url = None
    return render(request, "portal/guide.html", {
        "column": "信息公开指南", "body": body, "bodies": bodies, "topics": public_topics().filter(parent=None),
        "channels": PublicationChannel.objects.all(), "apply_url": apply_url,
        "publish_days": settings.GONGKAI_PUBLISH_WITHIN_DAYS, "updated": clock.today(),
        "fee_pauses_clock": settings.GONGKAI_FEE_PAUSES_CLOCK})


class LatestPublicationsFeed(Feed):
    title = f"{settings.GONGKAI_SITE['name']}政府信息公开"
    description = "最新主动公开的政府信息"

    def link(self):
        return reverse("portal:catalog")

    def items(self):
        return public_publications().order_by("-published_at")[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body_text[:200]

    def item_link(self, item):
        return reverse("portal:publication", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.corrected_at or item.published_at


class LatestPublicationsAtom(LatestPublicationsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPublicationsFeed.description


class PublicationSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return public_publications().order_by("pk")

    def location(self, item):
        return reverse("portal:publication", args=[item.pk])

    def lastmod(self, item):
        return item.corrected_at or item.published_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["portal:home", "portal:guide", "portal:catalog", "portal:deadline", "portal:apply",
                "portal:bulletins", "portal:guides", "portal:interaction"]

    def location(self, item):
        return reverse(item)


# Catalog topics whose content is kept as structured records in a column of its own (seeded codes
# from catalog.md: 0501 办事指南 under 05 行政许可, 0802 警情通报 under 08 警务信息, 10 便民服务).
# The catalog links there, so a reader browsing the topic finds the guides and bulletins too.
COLUMN_TOPICS = {"portal:guides": ("05", "0501", "10"), "portal:bulletins": ("08", "0802")}


def _columns() -> list[dict]:
    from gongkai.bulletins.selectors import public_bulletins, public_guides
    from gongkai.interaction.selectors import public_letters

    return [
        {"name": "portal:guides", "label": "办事指南", "count": public_guides().count(), "unit": "项"},
        {"name": "portal:bulletins", "label": "警情通报", "count": public_bulletins().count(), "unit": "期"},
        {"name": "portal:interaction", "label": "互动交流问答", "count": public_letters().count(), "unit": "条"},
    ]


def _related(column: dict, topic) -> bool:
    return topic is not None and topic.code in COLUMN_TOPICS.get(column["name"], ())


def _published_sitemap(selector, url_name: str) -> type[Sitemap]:
    """A sitemap section over one public selector: what it does not return is not listed."""

    class PublishedSitemap(Sitemap):
        changefreq = "weekly"
        limit = 5000

        def items(self):
            return selector().order_by("pk")

        def location(self, item):
            return reverse(url_name, args=[item.pk])

        def lastmod(self, item):
            return item.published_at

    return PublishedSitemap


def _sections() -> dict[str, type[Sitemap]]:
    from gongkai.bulletins.selectors import public_bulletins, public_guides
    from gongkai.interaction.selectors import public_letters

    return {
        "bulletins": _published_sitemap(public_bulletins, "portal:bulletin"),
        "guides": _published_sitemap(public_guides, "portal:guide_detail"),
        "qa": _published_sitemap(public_letters, "portal:interaction_letter"),
    }


SITEMAPS = {"pages": PageSitemap, "publications": PublicationSitemap, **_sections()}
