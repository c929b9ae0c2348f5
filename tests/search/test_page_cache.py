"""Public pages are cached per process under the change log's last id: served from the cache
until public content changes, and never after an item is withdrawn."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.publications import services
from gongkai.publications.models import Publication


@pytest.fixture(autouse=True)
def empty_cache():
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_the_item_page_is_served_from_the_cache_until_public_content_changes(client, make):
    pub = make.publication(title="关于调整城区道路交通组织的通告")
    first, cold = get(client, f"/xxgk/{pub.pk}/")
    second, warm = get(client, f"/xxgk/{pub.pk}/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert warm == 1 < cold  # only the version is read
    make.publication(title="另一条通告")  # any public change is a new version
    _, after = get(client, f"/xxgk/{pub.pk}/")
    assert after == cold


def test_a_withdrawn_item_is_never_served_from_the_cache(client, make, make_user):
    pub = make.publication(title="将被撤回的通告")
    assert client.get(f"/xxgk/{pub.pk}/").status_code == 200
    services.withdraw(actor=make_user("office", "office", username="office2"), publication=pub, reason="内容有误")
    assert client.get(f"/xxgk/{pub.pk}/").status_code == 404
    assert "将被撤回的通告" not in client.get("/xxgk/mulu/").content.decode()


def test_the_catalog_is_cached_per_address_and_large_text_mode(client, make):
    make.publication(title="第一条通告")
    page, cold = get(client, "/xxgk/mulu/")
    _, warm = get(client, "/xxgk/mulu/")
    assert warm == 1 < cold
    _, other = get(client, "/xxgk/mulu/?page=1")
    assert 1 < other < cold  # another address is another entry; the catalog's facets are shared
    client.cookies["gk_large"] = "1"
    large = client.get("/xxgk/mulu/")
    assert b"large-text" in large.content and b"large-text" not in page.content
    assert "Cookie" in large["Vary"]


def test_staff_and_visitors_with_a_session_are_not_served_from_the_cache(client, make, make_user):
    pub = make.publication(title="通告")
    client.get(f"/xxgk/{pub.pk}/")
    client.force_login(make_user("office", "office", username="office2"))
    _, logged_in = get(client, f"/xxgk/{pub.pk}/")
    assert logged_in > 1
    Publication.objects.filter(pk=pub.pk).update(title="改过的标题")  # not logged: only a fresh render shows it
    assert "改过的标题" in client.get(f"/xxgk/{pub.pk}/").content.decode()


def test_parameters_a_page_does_not_read_are_not_cached(client, make):
    pub = make.publication(title="通告")
    client.get(f"/xxgk/{pub.pk}/?x=1")
    _, again = get(client, f"/xxgk/{pub.pk}/?x=1")
    assert again > 1  # rendered each time: a junk query string is no new cache entry
    client.get(f"/xxgk/{pub.pk}/?print=1")
    _, printed = get(client, f"/xxgk/{pub.pk}/?print=1")
    assert printed == 1


def test_the_host_is_part_of_the_key(client, make, settings):
    settings.ALLOWED_HOSTS = ["testserver", "gaj.sm.gov.cn"]
    pub = make.publication(title="通告")
    client.get(f"/xxgk/{pub.pk}/?print=1")
    other = client.get(f"/xxgk/{pub.pk}/?print=1", HTTP_HOST="gaj.sm.gov.cn")
    assert "gaj.sm.gov.cn" in other.content.decode()


def test_the_version_follows_every_public_change(make):
    from gongkai.search.changes import version

    before = version()
    make.publication(title="通告")
    make.guide(name="指南")
    assert version() == before + 2
