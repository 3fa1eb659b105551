"""StreamField blocks for guidance and news, each rendered with the design system's markup."""

from django.utils.text import slugify
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

# Guidance is read on phones in hearing centres: keep rich text to what the design system styles.
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; every one appears in the page's contents list."""

    text = blocks.CharBlock(max_length=120)

    class Meta:
        icon = "title"
        template = "cms/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["anchor"] = heading_anchor(value["text"])
        return context


def heading_anchor(text: str) -> str:
    return slugify(text) or "section"


class InsetTextBlock(blocks.StructBlock):
    """Something to set apart from the text around it: a quotation of the law, an example."""

    text = blocks.RichTextBlock(features=["bold", "italic", "link", "document-link"])

    class Meta:
        icon = "openquote"
        template = "cms/blocks/inset_text.html"


class WarningTextBlock(blocks.StructBlock):
    """Something a panel member must not get wrong, such as a legal duty."""

    text = blocks.CharBlock(max_length=400)

    class Meta:
        icon = "warning"
        template = "cms/blocks/warning_text.html"


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Sections a reader opens one at a time (the design system's accordion)."""

    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "cms/blocks/accordion.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class StepByStepBlock(blocks.StructBlock):
    """Numbered steps in order (the design system's step navigation)."""

    title = blocks.CharBlock(max_length=120)
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/step_by_step.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A download; documents in the volunteers-only collection are served only to members."""

    document = DocumentChooserBlock()
    description = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_link.html"


class RelatedPagesBlock(blocks.StructBlock):
    """Links to other pages on the site (hidden when the reader cannot open them)."""

    title = blocks.CharBlock(max_length=120, default="Related guidance")
    pages = blocks.ListBlock(blocks.PageChooserBlock(), min_num=1)

    class Meta:
        icon = "link"
        template = "cms/blocks/related_pages.html"


class ContactBlock(blocks.StructBlock):
    """Who to contact, from the shared contacts list (edited once, shown everywhere)."""

    contact = SnippetChooserBlock("cms.Contact")

    class Meta:
        icon = "user"
        template = "cms/blocks/contact.html"


class GuidanceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    accordion = AccordionBlock()
    step_by_step = StepByStepBlock()
    document = DocumentLinkBlock()
    contact = ContactBlock()
    related_pages = RelatedPagesBlock()


class NewsStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow")
    inset_text = InsetTextBlock()
    document = DocumentLinkBlock()
