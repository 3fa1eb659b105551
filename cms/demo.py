"""Demo content: a guidance tree, news, recruitment, the standards and the panel list.

Idempotent: pages are found by slug under their parent and left alone if they exist, so
running it twice (or after an editor has changed the demo pages) changes nothing.
"""

import datetime
import json

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page

from .models import (
    Contact,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PanelListPage,
    RecruitmentPage,
    StandardsPage,
)
from .privacy import restrict_page_to_volunteers, volunteers_only_collection


def stream(*blocks) -> str:
    """A StreamField value from (type, value) pairs, in Wagtail's stored JSON form."""
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def heading(text):
    return ("heading", {"text": text})


def para(html):
    return ("paragraph", html)


def inset(html):
    return ("inset_text", {"text": html})


def warning(text):
    return ("warning_text", {"text": text})


def accordion(*items):
    return ("accordion", {"items": [{"title": t, "body": b} for t, b in items]})


def steps(title, *items):
    return ("step_by_step", {"title": title, "steps": [{"title": t, "body": b} for t, b in items]})


GUIDANCE = [
    (
        "preparing-for-a-hearing",
        "Preparing for a hearing",
        "What to read, when to arrive and what to bring to a children's hearing.",
        stream(
            heading("Before the day"),
            para(
                "<p>You will receive the hearing papers from the Reporter at least three days "
                "before the hearing. Read them carefully and note any questions you want to "
                "ask the child, the family or the professionals.</p>"
            ),
            steps(
                "Getting ready for a session",
                (
                    "Check your sitting",
                    "<p>Confirm your sitting in your dashboard and tell your rota "
                    "manager at once if you can no longer attend.</p>",
                ),
                (
                    "Read the papers",
                    "<p>Read every report, including the grounds for referral and any "
                    "views the child has given.</p>",
                ),
                (
                    "Check for conflicts",
                    "<p>If you know the child or family, stop reading and tell the "
                    "Reporter straight away.</p>",
                ),
                (
                    "Arrive early",
                    "<p>Arrive at the hearing centre at least 30 minutes before the first "
                    "hearing to meet the other panel members.</p>",
                ),
            ),
            heading("On the day"),
            para(
                "<p>Meet the chairing member and the other panel member before the session. "
                "Agree who will lead on each report.</p>"
            ),
            inset(
                "<p>The child's welfare throughout their childhood is the paramount "
                "consideration (Children's Hearings (Scotland) Act 2011, section 25).</p>"
            ),
            heading("After the hearing"),
            para(
                "<p>Hand back or securely destroy every paper as the Reporter directs. Never "
                "take hearing papers home unless the Reporter has agreed.</p>"
            ),
        ),
    ),
    (
        "chairing-a-hearing",
        "Chairing a hearing",
        "The chairing member's role: opening the hearing, keeping it fair and giving reasons.",
        stream(
            heading("Who may chair"),
            para(
                "<p>You may chair once you have completed module 3 of the Professional "
                "Development Award, Management of Hearings.</p>"
            ),
            heading("Running the hearing"),
            accordion(
                (
                    "Opening the hearing",
                    "<p>Introduce everyone, explain the purpose of the hearing and check "
                    "that the child and relevant persons have received the papers.</p>",
                ),
                (
                    "Hearing the child's views",
                    "<p>Give the child every opportunity to express their views, in the way "
                    "they choose.</p>",
                ),
                (
                    "Making and explaining the decision",
                    "<p>Each panel member gives their decision and reasons; the chairing "
                    "member confirms the decision and explains the right of appeal.</p>",
                ),
            ),
            heading("Writing the reasons"),
            para(
                "<p>Record the reasons clearly and in plain language: the child and family "
                "will read them.</p>"
            ),
        ),
    ),
    (
        "conflicts-of-interest",
        "Conflicts of interest",
        "When you must not sit, and how to declare a conflict.",
        stream(
            warning(
                "You must not sit on a hearing for a child or family you know. Tell the "
                "Reporter as soon as you realise."
            ),
            heading("What counts as a conflict"),
            para(
                "<ul><li>you know the child, a relevant person or a close family member</li>"
                "<li>your job brings you into contact with the family (for example as a "
                "teacher or social worker in that council area)</li>"
                "<li>anything that could make a fair observer doubt your impartiality</li></ul>"
            ),
            heading("Declaring a conflict"),
            para(
                "<p>Declare standing conflicts, such as your employment, on your profile. "
                "Your rota manager records them so that you are not selected for those "
                "hearings.</p>"
            ),
        ),
    ),
    (
        "claiming-expenses",
        "Claiming expenses",
        "What you can claim for travel, meals and childcare, and how to claim.",
        stream(
            heading("What you can claim"),
            accordion(
                (
                    "Travel",
                    "<p>Mileage at the published rate, or public transport fares with "
                    "receipts.</p>",
                ),
                ("Meals", "<p>A meal allowance when a session runs over a meal time.</p>"),
                (
                    "Childcare and care costs",
                    "<p>Reasonable costs of care for dependants while you sit.</p>",
                ),
            ),
            heading("How to claim"),
            para("<p>Claim within three months of the sitting, with receipts.</p>"),
        ),
    ),
    (
        "data-protection",
        "Data protection",
        "Keeping children's and families' information safe.",
        stream(
            warning(
                "Never discuss a child's case outside the hearing, and never put case details "
                "in an email or message."
            ),
            heading("Your responsibilities"),
            para(
                "<p>Hearing papers contain special category personal data about children. "
                "Keep them secure, never copy them, and return or destroy them as the "
                "Reporter directs.</p>"
            ),
            heading("If something goes wrong"),
            para(
                "<p>If papers are lost or sent to the wrong person, tell your area support "
                "team the same day so that it can be reported within 72 hours.</p>"
            ),
        ),
    ),
]

MEMBERS_ONLY = [
    (
        "handling-hearing-papers",
        "Handling hearing papers securely",
        "Practical steps for keeping hearing papers safe at home and on the way to a session.",
        stream(
            heading("Storing papers"),
            para("<p>Keep papers in a locked drawer, away from other members of your home.</p>"),
            heading("Travelling with papers"),
            para("<p>Carry papers in a closed bag and never leave them in a car.</p>"),
        ),
    ),
    (
        "practice-notes-2026",
        "Practice notes for 2026",
        "This year's practice notes from the National Convener for panel members.",
        stream(
            heading("Virtual hearings"),
            para(
                "<p>Join virtual hearings from a private room, on your own, with the "
                "papers out of sight of the camera.</p>"
            ),
        ),
    ),
]

NEWS = [
    (
        "recruitment-2027-opens",
        "Recruitment for 2027 opens in the spring",
        datetime.date(2026, 11, 2),
        "We are looking for around 500 new panel members across Scotland.",
    ),
    (
        "new-practice-reviews",
        "New practice reviews for panel members",
        datetime.date(2026, 10, 14),
        "Panel practice advisers will carry out practice reviews on a three-year cycle.",
    ),
    (
        "thank-you-volunteers",
        "Thank you to our volunteers",
        datetime.date(2026, 9, 1),
        "Volunteers gave more than 150,000 hours to children's hearings last year.",
    ),
]


def _child(parent: Page, model, slug: str, **fields) -> tuple[Page, bool]:
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _members_checklist():
    Document = get_document_model()
    existing = Document.objects.filter(title="Hearing papers checklist").first()
    if existing is not None:
        return existing
    document = Document(title="Hearing papers checklist", collection=volunteers_only_collection())
    document.file.save(
        "hearing-papers-checklist.txt",
        ContentFile(
            b"Hearing papers checklist\n\n"
            b"1. Check you have every report listed on the cover sheet.\n"
            b"2. Store the papers in a locked drawer.\n"
            b"3. Return or destroy the papers as the Reporter directs.\n"
        ),
        save=False,
    )
    document.save()
    return document


@transaction.atomic
def load_content() -> int:
    """Create the demo pages that do not exist yet; returns how many were created."""
    home = HomePage.objects.first()
    if home is None:
        return 0
    guidance, created = _child(
        home,
        GuidanceIndexPage,
        "guidance",
        title="Guidance for panel members",
        intro="<p>Practice guidance from the national body: the same standards and "
        "procedures in every part of Scotland.</p>",
    )
    created += _load_guidance(guidance)
    created += _load_members_only(guidance)
    created += _load_news(home)
    created += _load_public_pages(home)
    return created


def _load_guidance(guidance) -> int:
    """The public guidance pages, with the expenses team's contact on the expenses page."""
    created = 0
    for slug, title, summary, body in GUIDANCE:
        created += _child(guidance, GuidancePage, slug, title=title, summary=summary, body=body)[1]
    expenses_team, _ = Contact.objects.get_or_create(
        name="Expenses team",
        defaults={
            "description": "Questions about claims, rates and receipts.",
            "email": "expenses@example.org",
            "phone": "0300 000 0000",
        },
    )
    expenses = guidance.get_children().get(slug="claiming-expenses").specific
    if not any(block.block_type == "contact" for block in expenses.body):
        expenses.body.append(("contact", {"contact": expenses_team}))
        expenses.save_revision().publish()
    return created


def _load_members_only(guidance) -> int:
    """The restricted section for panel members and staff, with its private document."""
    members, created = _child(
        guidance,
        GuidanceIndexPage,
        "panel-members-only",
        title="Panel members only",
        intro="<p>Guidance and documents for appointed panel members and staff.</p>",
    )
    restrict_page_to_volunteers(members)
    checklist = _members_checklist()
    for slug, title, summary, body in MEMBERS_ONLY:
        created += _child(members, GuidancePage, slug, title=title, summary=summary, body=body)[1]
    papers = members.get_children().get(slug="handling-hearing-papers").specific
    if not any(block.block_type == "document" for block in papers.body):
        papers.body.append(("document", {"document": checklist, "description": "One page."}))
        papers.save_revision().publish()
    return created


def _load_news(home) -> int:
    news, created = _child(
        home,
        NewsIndexPage,
        "news",
        title="News",
        intro="<p>News from the national body for Children's Panel volunteers.</p>",
    )
    for slug, title, date, summary in NEWS:
        created += _child(
            news,
            NewsPage,
            slug,
            title=title,
            date=date,
            summary=summary,
            body=stream(para(f"<p>{summary}</p>")),
        )[1]
    return created


def _load_public_pages(home) -> int:
    """Recruitment, national standards and the published list of panel members."""
    created = _child(
        home,
        RecruitmentPage,
        "become-a-panel-member",
        title="Become a panel member",
        intro="<p>Panel members are volunteers from every walk of life who make decisions "
        "with and for children at children's hearings. You need no qualifications: we "
        "train you.</p>",
        body=stream(
            heading("What is involved"),
            para(
                "<p>About three months of pre-service training, then one or two half-day "
                "sessions a month for at least three years.</p>"
            ),
            heading("Who can apply"),
            para(
                "<ul><li>you are 18 or over</li><li>you live or work in Scotland</li>"
                "<li>you have the right to work in the UK</li>"
                "<li>you can attend the training</li></ul>"
            ),
        ),
    )[1]
    created += _child(
        home,
        StandardsPage,
        "national-standards",
        title="National standards",
        intro="<p>The standards every panel member works to, set nationally and the same in "
        "every region.</p>",
        body=stream(
            para(
                "<p>Panel members are selected, trained, monitored and reappointed against "
                "one national competency framework.</p>"
            )
        ),
    )[1]
    created += _child(
        home,
        PanelListPage,
        "panel-members",
        title="Published list of panel members",
        intro="<p>The national body publishes the names of all appointed members of the "
        "Children's Panel, as the law requires.</p>",
    )[1]
    return created
