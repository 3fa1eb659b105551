"""The retention table of docs/data-protection.md, generated from the schedule.

`manage.py retention_table` prints it; a test fails when the document and the schedule
disagree, so the record of processing cannot drift from what the nightly task does.
"""

from common.retention import schedule

BEGIN = "<!-- retention-schedule:begin (generated: manage.py retention_table) -->"
END = "<!-- retention-schedule:end -->"


def retention_table() -> str:
    lines = [
        "| category | kept for | legal basis | then |",
        "|---|---|---|---|",
    ]
    for rule in schedule():
        lines.append(
            f"| {rule.category} | {rule.period()} | {rule.legal_basis} | {rule.action_label} |"
        )
    return "\n".join(lines)
