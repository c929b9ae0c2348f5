"""The public columns 警情通报 and 办事指南. Every query starts from `public_bulletins()` or
`public_guides()`: a draft, superseded or withdrawn bulletin, and a draft or withdrawn guide, is
on no page, chart, table, CSV, feed or download."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from gongkai.bulletins import charts, selectors
from gongkai.bulletins.models import CATEGORIES, Bulletin, GuideCategory, GuideForm
from gongkai.core.downloads import file_response
from gongkai.core.models import DisclosureBody

COLUMN_BULLETINS = "警情通报"
COLUMN_GUIDES = "办事指南"


def _bodies():
    return list(DisclosureBody.objects.select_related("unit").order_by("unit__path"))


def bulletins(request):
    bodies = _bodies()
    if not bodies:
        raise Http404("尚未设置信息公开主体")
    body = next((b for b in bodies if b.unit.code == request.GET.get("body")), bodies[0])
    items = selectors.public_bulletins().filter(body=body).order_by("-week_start")
    page = Paginator(items, 26).get_page(request.GET.get("page"))
    return render(request, "portal/bulletins/list.html", {
        "column": COLUMN_BULLETINS, "bodies": bodies, "body": body, "page": page, "latest": items.first(),
        "categories": CATEGORIES, "query": f"body={body.unit.code}"})


def _series_for(bulletin: Bulletin, request):
    weeks = selectors.clamp_weeks(request.GET.get("weeks"))
    return weeks, selectors.series(bulletin.body, bulletin.week_start, weeks)


def _public_bulletin(pk) -> Bulletin:
    return get_object_or_404(selectors.public_bulletins(), pk=pk)


def bulletin(request, pk):
    item = selectors.public_bulletins().filter(pk=pk).first()
    if item is None:
        # A corrected version's old address leads to the version now in force; nothing else is said.
        old = Bulletin.objects.filter(pk=pk, status=Bulletin.Status.SUPERSEDED).first()
        current = old and selectors.public_bulletins().filter(body=old.body, year=old.year, week=old.week).first()
        if current:
            return redirect("portal:bulletin", pk=current.pk, permanent=True)
        raise Http404("未找到该通报")
    weeks, rows = _series_for(item, request)
    previous = selectors.previous_published(item)
    return render(request, "portal/bulletins/detail.html", {
        "column": COLUMN_BULLETINS, "item": item, "rows": rows, "weeks": weeks, "previous": previous,
        "counts": [(label, getattr(item, code), getattr(previous, code) if previous else None)
                   for code, label in CATEGORIES],
        "categories": CATEGORIES, "chart": charts.chart_data(item.body.letter_name, rows),
        "week_choices": [12, 26]})


def bulletin_csv(request, pk):
    item = _public_bulletin(pk)
    weeks, rows = _series_for(item, request)
    response = HttpResponse(charts.csv_bytes(item.body.letter_name, rows), content_type="text/csv; charset=utf-8")
    filename = f"{item.body.letter_name}警情趋势_{rows[0].year}W{rows[0].week:02d}-{item.year}W{item.week:02d}.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class BulletinFeed(Feed):
    title = f"{settings.GONGKAI_SITE['name']}警情通报"
    description = "每周警情通报：刑事、治安、交通、火灾警情数及防范提示"

    def link(self):
        return reverse("portal:bulletins")

    def items(self):
        return selectors.public_bulletins().order_by("-published_at")[:50]

    def item_title(self, item):
        return f"{item.title}（{item.period}）"

    def item_description(self, item):
        counts = "，".join(f"{label}{getattr(item, code)}起" for code, label in CATEGORIES)
        return f"{item.period}：{counts}。{item.comparison}"

    def item_link(self, item):
        return reverse("portal:bulletin", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at


# --- Service guides -------------------------------------------------------------------------

def guides(request):
    categories = selectors.guide_categories_with_counts()
    chosen = next((c for c, _ in categories if c.code == request.GET.get("category")), None)
    items = selectors.public_guides()
    if chosen:
        items = items.filter(category=chosen)
    groups = []
    for category, _ in categories:
        in_category = [g for g in items if g.category_id == category.pk]
        if in_category:
            groups.append((category, in_category))
    return render(request, "portal/bulletins/guides.html", {
        "column": COLUMN_GUIDES, "categories": categories, "chosen": chosen, "groups": groups})


def guide_detail(request, pk):
    guide = get_object_or_404(selectors.public_guides(), pk=pk)
    return render(request, "portal/bulletins/guide.html", {
        "column": COLUMN_GUIDES, "guide": guide, "forms": guide.forms.all(),
        "categories": GuideCategory.objects.all()})


@never_cache
def guide_form(request, pk, form_pk):
    """Served through this view on every request: the guide must be published right now."""
    guide = get_object_or_404(selectors.public_guides(), pk=pk)
    form = get_object_or_404(GuideForm, pk=form_pk, guide=guide)
    try:
        handle = form.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    return file_response(handle, kind=form.kind, filename=form.original_name, sha256=form.sha256)
