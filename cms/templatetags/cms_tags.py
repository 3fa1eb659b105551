"""Template helpers for CMS pages."""

from django import template

from ..privacy import can_view

register = template.Library()


@register.simple_tag(takes_context=True)
def visible_related(context, pages):
    """The live pages of a related-pages block that this visitor may open."""
    request = context.get("request")
    return [
        page.specific
        for page in pages
        if page is not None and page.live and request is not None and can_view(page, request)
    ]
