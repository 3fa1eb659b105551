"""What the CMS pages show from the rest of the system, read through the apps' selectors."""

from django.urls import reverse

from training.selectors import current_framework
from volunteers.selectors.published import published_panel_members
from volunteers.selectors.recruitment import open_campaigns


def panel_members():
    """The published list of panel members (appointed members only)."""
    return published_panel_members()


def recruitment() -> dict:
    """Recruitment campaigns open today, where to apply, and where to register interest."""
    return {
        "campaigns": list(open_campaigns()),
        "apply_url": reverse("apply:campaigns"),
        "interest_url": reverse("apply:interest"),
    }


def standards():
    """The live national competency framework (None before the first is published)."""
    return current_framework()
