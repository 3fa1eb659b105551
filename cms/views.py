"""The site search page: guidance, news and other pages, never a page the visitor cannot open."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page

from .privacy import visible_pages

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = visible_pages(Page.objects.live(), request).specific()
        results = Paginator(pages.search(query), 10).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": results})
