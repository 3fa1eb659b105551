"""Volunteers-only guidance: Wagtail's view restrictions, applied to listings and search too.

Wagtail enforces a page's or collection's restriction when it is served, but listings and
search results are ours to filter: a visitor must not learn even the title of a page they
cannot open. Restrictions go by Django groups, which follow the volunteers' roles (see
`volunteers.services.roles.ROLE_GROUPS`).
"""

from django.contrib.auth.models import Group
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)
from wagtail.query import PageQuerySet

from volunteers.services.roles import PANEL_MEMBERS_GROUP, STAFF_GROUP, sync_role_groups

VOLUNTEERS_ONLY_GROUPS = (PANEL_MEMBERS_GROUP, STAFF_GROUP)
VOLUNTEERS_ONLY_COLLECTION = "Volunteers only"


def _volunteer_groups() -> list[Group]:
    return [Group.objects.get_or_create(name=name)[0] for name in VOLUNTEERS_ONLY_GROUPS]


def restrict_page_to_volunteers(page: Page) -> PageViewRestriction:
    """Make a page and everything below it visible only to panel members and staff."""
    restriction, _ = PageViewRestriction.objects.get_or_create(
        page=page, defaults={"restriction_type": BaseViewRestriction.GROUPS}
    )
    restriction.restriction_type = BaseViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set(_volunteer_groups())
    return restriction


def volunteers_only_collection() -> Collection:
    """The document collection served only to panel members and staff (created if missing)."""
    collection = Collection.objects.filter(name=VOLUNTEERS_ONLY_COLLECTION, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=VOLUNTEERS_ONLY_COLLECTION)
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": BaseViewRestriction.GROUPS}
    )
    restriction.groups.set(_volunteer_groups())
    return collection


def groups_follow_roles(request) -> None:
    """Bring a signed-in visitor's groups in line with their roles before a privacy check.

    grant_role and revoke_role keep groups in step, but a role can also end elsewhere (a
    resignation ends the panel member role in the lifecycle service): checking here, once
    per request, means a resigned member never reads on, and a new one never waits.
    """
    user = request.user
    if user.is_authenticated and not getattr(request, "_role_groups_checked", False):
        request._role_groups_checked = True
        sync_role_groups(user=user)


def _refused_restrictions(request) -> list[PageViewRestriction]:
    groups_follow_roles(request)
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    return [r for r in restrictions if not r.accept_request(request)]


def private_paths() -> list[str]:
    """Tree paths of every restricted page: anything at or below one is private."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def visible_pages(pages: PageQuerySet, request) -> PageQuerySet:
    """The pages of `pages` the visitor may open: private sections they cannot see removed."""
    for restriction in _refused_restrictions(request):
        pages = pages.not_descendant_of(restriction.page, inclusive=True)
    return pages


def can_view(page: Page, request) -> bool:
    """Whether every view restriction on the page (or above it) lets this visitor in."""
    groups_follow_roles(request)
    return all(r.accept_request(request) for r in page.get_view_restrictions())


def refused_signed_in_restriction(restrictions, request):
    """The first group or login restriction a *signed-in* visitor fails, if any."""
    restrictions = list(restrictions)
    if not restrictions or not request.user.is_authenticated:
        return None
    groups_follow_roles(request)
    for restriction in restrictions:
        if restriction.restriction_type in (
            BaseViewRestriction.GROUPS,
            BaseViewRestriction.LOGIN,
        ) and not restriction.accept_request(request):
            return restriction
    return None
