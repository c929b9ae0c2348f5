"""Guide categories are data the portal browses by; kept by whoever maintains guides for the whole
bureau; a category with guides cannot be deleted."""

from gongkai.bulletins.models import GuideCategory
from gongkai.core.models import AuditEvent


def test_office_adds_renames_and_deletes_an_unused_category(client, people):
    client.force_login(people["office"])
    assert "维护类别" in client.get("/workbench/guides/").content.decode()
    assert client.post("/workbench/guides/categories/new/", {"name": "网安", "code": "wangan",
                                                            "sort_order": 90}).status_code == 302
    category = GuideCategory.objects.get(code="wangan")
    client.post(f"/workbench/guides/categories/{category.pk}/", {"name": "网络安全", "code": "wangan", "sort_order": 90})
    category.refresh_from_db()
    assert category.name == "网络安全"
    assert client.get("/banshi/").status_code == 200
    client.post(f"/workbench/guides/categories/{category.pk}/delete/")
    assert not GuideCategory.objects.filter(pk=category.pk).exists()
    actions = set(AuditEvent.objects.filter(object_id=str(category.pk), action__startswith="guide_category")
                  .values_list("action", flat=True))
    assert actions == {"guide_category.save", "guide_category.delete"}


def test_a_category_in_use_stays(client, people, make_guide):
    guide = make_guide()
    client.force_login(people["office"])
    response = client.post(f"/workbench/guides/categories/{guide.category.pk}/delete/", follow=True)
    assert "下还有 1 份办事指南" in response.content.decode()
    assert GuideCategory.objects.filter(pk=guide.category.pk).exists()


def test_a_unit_clerk_may_not_change_the_bureau_wide_list(client, people):
    client.force_login(people["clerk_sy"])  # maintains guides of 三元分局 only
    assert "维护类别" not in client.get("/workbench/guides/").content.decode()
    assert client.get("/workbench/guides/categories/").status_code == 403
    category = GuideCategory.objects.first()
    assert client.post(f"/workbench/guides/categories/{category.pk}/delete/").status_code == 403
    assert GuideCategory.objects.filter(pk=category.pk).exists()
