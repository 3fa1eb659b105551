"""docs/data-protection.md carries the retention schedule the nightly task applies."""

from pathlib import Path

from django.urls import reverse

from privacy.docs import BEGIN, END, retention_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-protection.md"


def test_the_record_of_processing_has_the_schedule_in_force():
    text = DOC.read_text()
    inside = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert inside == retention_table(), (
        "docs/data-protection.md is out of date: paste `manage.py retention_table` in."
    )


def test_the_record_covers_what_the_regulations_ask():
    text = DOC.read_text()
    for heading in [
        "## Purposes",
        "## Categories of people",
        "## Categories of data",
        "## Special category and criminal-offence data",
        "## Recipients",
        "## International transfers",
        "## Retention",
        "## Security",
        "## Rights",
    ]:
        assert heading in text


def test_the_accessibility_statement_has_what_the_2018_regulations_require(client):

    body = client.get(reverse("accessibility")).content.decode()
    for needed in [
        "Compliance status",
        "partially compliant",
        "Non-accessible content",
        "Disproportionate burden",
        "Reporting accessibility problems",
        "within 20 working days",
        "Enforcement procedure",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "This statement was prepared on",
        "last reviewed on",
        "1280 and 375 pixels",
    ]:
        assert needed in body, needed
