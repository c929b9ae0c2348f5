"""全站搜索: the portal's search page over `gongkai.search.query.search`.

`search.params.read_params` turns what a visitor sent into the search's arguments. Every answer
is revalidated on each visit (max-age=0): a withdrawn item must disappear at once. Errors are not
stored at all."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from gongkai.core import clock
from gongkai.core.models import DisclosureBody, Unit
from gongkai.publications.selectors import public_topics
from gongkai.search import query
from gongkai.search.models import Kind
from gongkai.search.params import read_params, run
from gongkai.search.query import SearchError
from gongkai.search.sources import KIND_CODES

COLUMN = "全站搜索"
YEARS_SHOWN = 10  # the year select offers this year and the nine before; any year is accepted
PAGE_LINKS = 2  # page numbers shown either side of the current one
FIELDS = ("q", "kind", "topic", "unit", "body", "year", "sort")
QUERY_ERRORS = {"empty", "too_long", "no_terms"}  # codes of analyzer.QueryError

def page_numbers(current: int, last: int) -> list[int | None]:
    """1, the pages around the current one, the last; None stands for a gap."""
    wanted = {1, last, *range(max(1, current - PAGE_LINKS), min(last, current + PAGE_LINKS) + 1)}
    numbers: list[int | None] = []
    for n in sorted(wanted):
        if numbers and n - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(n)
    return numbers


def _choices(chosen_year: str) -> dict:
    year = clock.today().year
    years = [str(y) for y in range(year, year - YEARS_SHOWN, -1)]
    if chosen_year.isascii() and chosen_year.isdigit() and len(chosen_year) == 4 and chosen_year not in years:
        years.append(chosen_year)  # kept selected when the visitor came with an older year
    return {
        "kinds": [(kind, Kind(kind).label) for kind in KIND_CODES],
        "topics": [(t.code, "\u3000" * t.depth + t.name) for t in public_topics()],  # indented by level
        "bodies": list(DisclosureBody.objects.select_related("unit").order_by("unit__path")),
        "years": years,
        "sorts": list(query.SORTS.items()),
    }


def _tab_count(result: query.Page, kind: str) -> str:
    if kind:
        return result.kind_count_label(kind)
    total = sum((result.kind_counts or {}).values())
    return f"{query.count_cap():,}+" if total > query.count_cap() else f"{total:,}"


def search(request):
    form = {name: (request.GET.get(name) or "").strip() for name in FIELDS}
    form["q"] = request.GET.get("q") or ""
    form["sort"] = form["sort"] or "relevance"
    context = {"column": COLUMN, "form": form, **_choices(form["year"])}
    result = error = None
    try:
        params = read_params(request.GET)
        if params.text is not None:  # a first visit shows the form alone
            result = run(params, kind_counts=True)
    except SearchError as exc:
        error = exc
    if result is not None:
        context.update(query=params.url_query(), page_numbers=page_numbers(result.page, result.pages),
                       first=(result.page - 1) * result.per_page + 1,
                       # Results by kind (portal.md: "results grouped by kind"): one tab per kind.
                       kind_tabs=[(label, params.url_query(kind=code), code == params.filters.kind,
                                   _tab_count(result, code))
                                  for code, label in [("", "全部"), *context["kinds"]]])
        if params.filters.unit:
            context.update(unit=Unit.objects.filter(code=params.filters.unit).first(),
                           without_unit=params.url_query(unit=""))
    # What the visitor typed cannot be searched: an ordinary answer. A parameter no form sends: 400.
    status = 400 if error and error.code not in QUERY_ERRORS else 200
    response = render(request, "portal/search.html", {**context, "result": result, "error": error}, status=status)
    if error:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, max_age=0)
    return response
