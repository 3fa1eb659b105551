"""The site search page, and images served only to those their collection lets in."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from wagtail.images import get_image_model
from wagtail.images.utils import verify_signature
from wagtail.images.views.serve import ServeView
from wagtail.models import Page

from .privacy import groups_follow_roles, visible_pages

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        pages = visible_pages(Page.objects.live(), request).specific()
        results = Paginator(pages.search(query), 10).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "results": results})


class PrivateImageServeView(ServeView):
    """Wagtail's image serve view, behind the image's collection view restrictions.

    Someone a restriction refuses gets a 404, as for a page they may not know exists; a
    login redirect would mean nothing to an <img>.
    """

    def get(self, request, signature, image_id, filter_spec, filename=None):
        if not verify_signature(signature.encode(), image_id, filter_spec, key=self.key):
            raise PermissionDenied
        image = get_object_or_404(
            get_image_model().objects.select_related("collection"), id=image_id
        )
        groups_follow_roles(request)
        restrictions = list(image.collection.get_view_restrictions())
        if not all(restriction.accept_request(request) for restriction in restrictions):
            raise Http404
        response = super().get(request, signature, image_id, filter_spec, filename)
        if restrictions:
            # Wagtail marks its images public for an hour; a shared cache must not keep these.
            response["Cache-Control"] = "no-store, private"
        return response


serve_image = PrivateImageServeView.as_view()
