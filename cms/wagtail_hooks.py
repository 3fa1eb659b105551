"""Wagtail hooks: the contacts snippet, and a clear refusal for signed-in non-members.

Wagtail answers a failed group restriction by sending the visitor to sign in, which is right
for someone signed out but loops for an applicant who is already signed in. These hooks run
first and show such a visitor a page that says who the guidance is for.
"""

from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Contact
from .privacy import refused_signed_in_restriction


def _refusal(request):
    response = TemplateResponse(request, "cms/restricted.html", status=403)
    response["Cache-Control"] = "private, no-cache, no-store, must-revalidate"
    return response


@hooks.register("before_serve_page", order=-10)
def refuse_signed_in_non_members(page, request, serve_args, serve_kwargs):
    if refused_signed_in_restriction(page.get_view_restrictions(), request):
        return _refusal(request)
    return None


@hooks.register("before_serve_document", order=-10)
def refuse_documents_to_signed_in_non_members(document, request):
    if refused_signed_in_restriction(document.collection.get_view_restrictions(), request):
        return _refusal(request)
    return None


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = "Contacts"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "email", "phone"]
    search_fields = ["name"]


register_snippet(ContactViewSet)
