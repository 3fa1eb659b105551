"""Wagtail's models that point at a user, for subject access (see common/privacy.py).

They record editorial work: who owns, edits, comments on, moderates or uploads content. The
person appears only as the author or actor, the content is about the Children's Panel, and
editors see their own work in the CMS admin; none of it is about them.
"""

from django.apps import apps
from wagtail.models import Page

from common.privacy import exclude_personal_model

from .models import GuidanceDocument, GuidanceImage

EDITORIAL = (
    "Editorial work in the CMS: names the editor as author or actor only; the content is "
    "published guidance, not information about the person."
)

exclude_personal_model(Page, reason=EDITORIAL)
exclude_personal_model(GuidanceDocument, reason=EDITORIAL)
exclude_personal_model(GuidanceImage, reason=EDITORIAL)
for label in [
    "wagtaildocs.Document",
    "wagtailimages.Image",
    "wagtailadmin.EditingSession",
    "wagtailadmin.FormState",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    "wagtailcore.Revision",
    "wagtailcore.UploadedFile",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailcore.PageSubscription",
]:
    exclude_personal_model(apps.get_model(label), reason=EDITORIAL)
exclude_personal_model(
    apps.get_model("wagtailusers.UserProfile"),
    reason="The editor's CMS admin preferences (language, theme, notifications); the editor "
    "sees and changes them in the CMS admin.",
)
