"""Wagtail pages: guidance, news, recruitment, the national standards and the panel list.

Pages that show live data (open campaigns, the competency framework, the published list of
panel members) read it through the other apps' selectors when the page is served; nothing
about people is ever typed into the CMS.
"""

from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    get_rendition_upload_to,
    get_upload_to,
)
from wagtail.models import Page
from wagtail.search import index

from . import embeds
from .blocks import GuidanceStreamBlock, NewsStreamBlock, heading_anchor
from .images import PRIVATE_PREFIX, image_storage, is_private_name, private_image_url
from .privacy import private_paths, visible_pages

INTRO_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def document_storage():
    # Outside MEDIA_ROOT, so a document is reachable only through Wagtail's serve view, which
    # checks its collection's privacy; a file under /media/ would be public to anyone.
    return storages["private"]


class Contact(index.Indexed, models.Model):
    """Who to ask about something (a team, not a person's private details), reused across pages."""

    name = models.CharField(max_length=120, help_text="A team or office, e.g. 'Expenses team'.")
    description = models.CharField(max_length=300, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("email"),
        FieldPanel("phone"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class GuidanceDocument(AbstractDocument):
    """A Wagtail document stored privately and served only through the privacy checks."""

    file = models.FileField(upload_to="documents", storage=document_storage, verbose_name="file")

    admin_form_fields = ("title", "file", "collection", "tags")

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        permissions = [("choose_document", "Can choose document")]


class GuidanceImage(AbstractImage):
    """A Wagtail image, stored privately when its collection is restricted (see cms/images.py)."""

    # 255: the `private/` prefix must not push a long name past the column.
    file = WagtailImageField(
        verbose_name="file",
        upload_to=get_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
        max_length=255,
    )

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = "image"
        permissions = [("choose_image", "Can choose image")]

    @property
    def is_private(self) -> bool:
        """Whether a view restriction applies to the image's collection (or one above it)."""
        return self.collection.get_view_restrictions().exists()

    def get_upload_to(self, filename):
        name = super().get_upload_to(filename)
        return PRIVATE_PREFIX + name if self.is_private else name


class GuidanceRendition(AbstractRendition):
    """A resized image, kept wherever its image is and linked through the check if private."""

    image = models.ForeignKey(GuidanceImage, on_delete=models.CASCADE, related_name="renditions")
    file = WagtailImageField(
        upload_to=get_rendition_upload_to,
        storage=image_storage,
        width_field="width",
        height_field="height",
        max_length=255,
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        # The collection is asked too: one restricted after upload is never linked under /media/.
        if is_private_name(self.file.name) or self.image.is_private:
            return private_image_url(self.image, self.filter_spec)
        return self.file.url

    def get_upload_to(self, filename):
        name = super().get_upload_to(filename)
        private = is_private_name(self.image.file.name) or self.image.is_private
        return PRIVATE_PREFIX + name if private else name


def _visible_children(page: Page, request, *types):
    children = page.get_children().live().type(*types) if types else page.get_children().live()
    return visible_pages(children, request).specific()


def _listed_children(page: Page, request) -> list[Page]:
    """Live children the visitor may open, each marked `is_private` for a members-only tag."""
    paths = private_paths()
    children = list(_visible_children(page, request))
    for child in children:
        child.is_private = any(child.path.startswith(path) for path in paths)
    return children


class HomePage(Page):
    """The public front page."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.GuidanceIndexPage",
        "cms.NewsIndexPage",
        "cms.RecruitmentPage",
        "cms.StandardsPage",
        "cms.PanelListPage",
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = _listed_children(self, request)
        return context


class GuidanceIndexPage(Page):
    """A section of guidance: lists the guidance pages and sub-sections inside it."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage", "cms.GuidanceIndexPage"]
    subpage_types = ["cms.GuidanceIndexPage", "cms.GuidancePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = _listed_children(self, request)
        return context


class GuidancePage(Page):
    """Practice guidance for panel members, with a contents list built from its headings."""

    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists and search results."
    )
    body = StreamField(GuidanceStreamBlock(), use_json_field=True)
    show_contents = models.BooleanField(
        default=True, help_text="Show a contents list built from the page's headings."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("show_contents"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.GuidanceIndexPage", "cms.GuidancePage"]
    subpage_types = ["cms.GuidancePage"]

    def contents(self) -> list[dict]:
        """The page's headings, in order, with the anchors their blocks render."""
        return [
            {"anchor": heading_anchor(block.value["text"]), "text": block.value["text"]}
            for block in self.body
            if block.block_type == "heading"
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contents"] = self.contents() if self.show_contents else []
        context["children"] = _listed_children(self, request)
        return context


class NewsIndexPage(Page):
    """News from the national body, newest first."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = _visible_children(self, request, NewsPage).order_by(
            "-newspage__date", "-first_published_at"
        )
        context["news"] = Paginator(items, 10).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    """One news item."""

    date = models.DateField("news date", default=timezone.localdate)
    summary = models.CharField(max_length=300)
    body = StreamField(NewsStreamBlock(), use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []


class EmbeddingPage(Page):
    """A top-level page of editable text around live content from another app."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)
    body = StreamField(GuidanceStreamBlock(), use_json_field=True, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def embedded(self) -> dict:
        """The live content this page shows, by template variable."""
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.embedded())
        return context


class RecruitmentPage(EmbeddingPage):
    """Becoming a panel member: what it involves, and the recruitment campaigns open now."""

    def embedded(self) -> dict:
        return {"recruitment": embeds.recruitment()}


class StandardsPage(EmbeddingPage):
    """The national standards: the live competency framework, set nationally in `training`."""

    def embedded(self) -> dict:
        return {"standards": embeds.standards()}


class PanelListPage(Page):
    """The published list of panel members the law requires, generated from the records."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = Paginator(embeds.panel_members(), 100).get_page(
            request.GET.get("page")
        )
        return context
