"""One registry of where personal data lives, filled by every app, read by subject access.

Each app says, in its own `personal_data.py` (found by `autodiscover()` when the common app is
ready), which of its models hold records about a person and how to reach that person from a
row (`person_path`, a lookup ending at the user), or why a model that points at a person holds
nothing about them (`exclude_personal_model`). A test walks every model with a foreign key to
the user model or to the volunteer record and fails if it is in neither list, so a new model
cannot be left out of subject access by accident.

This module imports no app: models arrive as arguments.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

# Field names that are security secrets, not information about the person: never exported.
SECRET_FIELD_NAMES = frozenset({"password", "token_hash", "secret", "data", "session_key"})


@dataclass(frozen=True)
class PersonalDataEntry:
    """How to find one model's records about a person, and which fields to show."""

    model: type[Model]
    person_paths: tuple[str, ...]
    label: str
    fields: tuple[str, ...]
    explanation: str = ""
    # Headings for lookups that span relations ("campaign__name": "Campaign").
    headings: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


@dataclass(frozen=True)
class Exclusion:
    model: type[Model]
    reason: str


@dataclass
class _Registry:
    entries: dict[str, PersonalDataEntry] = field(default_factory=dict)
    exclusions: dict[str, Exclusion] = field(default_factory=dict)


_registry = _Registry()


def register_personal_data(
    model: type[Model],
    *,
    person_path: str | tuple[str, ...] = "volunteer__user",
    label: str,
    fields: list | tuple | None = None,
    explanation: str = "",
) -> None:
    """Declare that `model` holds records about the person reached by `person_path`.

    `person_path` is a lookup from the model to the user (`"user"`, `"volunteer__user"`,
    `"application__user"`; `"pk"` for the user model itself), or several of them. `fields`
    are `values()` lookups and may span relations (`"campaign__name"`); by default every
    concrete field except secrets; a `(lookup, heading)` pair names the column.
    """
    paths = (person_path,) if isinstance(person_path, str) else tuple(person_path)
    if not paths:
        raise ValueError(f"{model._meta.label}: a person_path is required.")
    chosen, headings = [], {}
    for item in fields if fields is not None else _default_fields(model):
        lookup, heading = item if isinstance(item, tuple) else (item, None)
        chosen.append(lookup)
        if heading:
            headings[lookup] = heading
    key = model._meta.label_lower
    if key in _registry.exclusions:
        raise ValueError(f"{model._meta.label} is already excluded from personal data.")
    _registry.entries[key] = PersonalDataEntry(
        model=model,
        person_paths=paths,
        label=label,
        fields=tuple(chosen),
        explanation=explanation,
        headings=headings,
    )


def exclude_personal_model(model: type[Model], *, reason: str) -> None:
    """Declare that `model` points at a person but holds nothing about them, and why."""
    if not reason.strip():
        raise ValueError(f"{model._meta.label}: say why it holds no personal data.")
    key = model._meta.label_lower
    if key in _registry.entries:
        raise ValueError(f"{model._meta.label} is already registered as personal data.")
    _registry.exclusions[key] = Exclusion(model=model, reason=reason)


def registered() -> list[PersonalDataEntry]:
    """Every registration, in a stable order (app, then label)."""
    return sorted(_registry.entries.values(), key=lambda e: (e.model._meta.app_label, e.label))


def exclusions() -> list[Exclusion]:
    return sorted(_registry.exclusions.values(), key=lambda e: e.model._meta.label_lower)


def is_covered(model: type[Model]) -> bool:
    """Registered or excluded, itself or through a concrete parent (Wagtail's page types)."""
    for candidate in (model, *model._meta.get_parent_list()):
        key = candidate._meta.label_lower
        if key in _registry.entries or key in _registry.exclusions:
            return True
    return False


def models_pointing_at_people(*targets: type[Model]) -> list[type[Model]]:
    """Every installed model with a foreign key, one-to-one or many-to-many to a target."""
    found = []
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if f.concrete and f.is_relation and f.related_model in targets:
                found.append(model)
                break
    return found


def autodiscover() -> None:
    """Import every app's `personal_data` module so that its registrations run."""
    autodiscover_modules("personal_data")


# --- Reading: subject access ------------------------------------------------------------


def collect_personal_data(user) -> dict:
    """Everything registered about `user`, plus the audit entries about those records.

    One query per registered model and one for the audit entries, whatever the number of rows.
    The result is plain JSON-ready data.
    """
    sections: dict[str, dict] = {}
    found: dict[str, list[str]] = {}
    for entry in registered():
        query = Q()
        for path in entry.person_paths:
            query |= Q(**{path: user.pk})
        rows = list(
            entry.model._default_manager.filter(query)
            .order_by("pk")
            .distinct()
            .values("pk", *entry.fields)
        )
        labels = _field_labels(entry)
        records = [
            {labels[name]: _plain(_display(entry.model, name, row[name])) for name in entry.fields}
            for row in rows
        ]
        found[entry.key] = [str(row["pk"]) for row in rows]
        sections[entry.key] = {
            "label": entry.label,
            "explanation": entry.explanation,
            "count": len(records),
            "records": records,
        }
    return {
        "format": "subject-access/1",
        "produced_at": timezone.now().isoformat(),
        "person": {"email": user.email, "name": user.get_full_name()},
        "sections": sections,
        "audit_entries": _audit_entries(found),
    }


def _audit_entries(found: dict[str, list[str]]) -> list[dict]:

    query = Q()
    for key, pks in found.items():
        if pks:
            content_type = ContentType.objects.get_for_model(apps.get_model(key))
            query |= Q(content_type=content_type, object_pk__in=pks)
    if not query:
        return []
    entries = (
        LogEntry.objects.filter(query)
        .select_related("content_type", "actor")
        .order_by("timestamp", "pk")
    )
    return [
        {
            "record": f"{entry.content_type.name} {entry.object_repr}",
            "action": str(entry.get_action_display()),
            "at": entry.timestamp.isoformat(),
            "by": str(entry.actor) if entry.actor else "",
            "changes": _plain(entry.changes or {}),
        }
        for entry in entries
    ]


def _default_fields(model: type[Model]) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in SECRET_FIELD_NAMES and not f.is_relation
    )


def _resolve(model: type[Model], path: str):
    """The field at the end of a `values()` lookup."""
    current = model
    final = None
    for part in path.split("__"):
        final = current._meta.get_field(part)
        if final.is_relation and final.related_model is not None:
            current = final.related_model
    return final


def _field_labels(entry: PersonalDataEntry) -> dict[str, str]:
    """Readable column headings; a lookup whose heading would repeat another keeps its name."""
    labels: dict[str, str] = {}
    for name in entry.fields:
        heading = entry.headings.get(name)
        if heading is None:
            verbose = str(getattr(_resolve(entry.model, name), "verbose_name", name))
            heading = verbose[:1].upper() + verbose[1:]
        labels[name] = name if heading in labels.values() else heading
    return labels


def _display(model: type[Model], name: str, value):
    resolved = _resolve(model, name)
    choices = getattr(resolved, "flatchoices", None)
    if choices and value is not None:
        return dict(choices).get(value, value)
    return value


def _plain(value):
    if isinstance(value, Promise):  # a lazily translated choice label
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


# --- Redacting the audit trail of people who have been anonymised ------------------------

REDACTED = "[redacted]"


def audit_entries_about(user_ids) -> Q:
    """A filter for django-auditlog entries about any registered record of these users.

    `user_ids` may be a list or a queryset of user ids (it becomes a subquery).
    """

    query = Q()
    for entry in registered():
        about = Q()
        for path in entry.person_paths:
            about |= Q(**{f"{path}__in": user_ids})
        pks = (
            entry.model._default_manager.filter(about)
            .annotate(pk_text=Cast("pk", output_field=CharField()))
            .values("pk_text")
        )
        content_type = ContentType.objects.get_for_model(entry.model)
        query |= Q(content_type=content_type, object_pk__in=pks)
    return query


def redact_audit_entries(*, user_ids, dry_run: bool = False) -> int:
    """Blank the old values and descriptions in audit entries about these users' records.

    The entries stay (when and what kind of change, and by whom, remain attributable); the
    values that would undo an anonymisation go. Idempotent: redacted entries are skipped.
    """

    due = LogEntry.objects.filter(audit_entries_about(user_ids)).exclude(object_repr=REDACTED)
    if dry_run:
        return due.count()
    count = 0
    for entry in due.only("pk", "changes"):
        entry.changes = {name: [REDACTED, REDACTED] for name in (entry.changes or {})}
        entry.object_repr = REDACTED
        entry.changes_text = ""
        entry.serialized_data = None
        entry.additional_data = None
        entry.remote_addr = None
        entry.save(
            update_fields=[
                "changes",
                "object_repr",
                "changes_text",
                "serialized_data",
                "additional_data",
                "remote_addr",
            ]
        )
        count += 1
    # What the anonymised people did to other records stays attributable to the (now
    # anonymous) account, but the copy of their email address on each entry goes.
    LogEntry.objects.filter(actor_id__in=user_ids, actor_email__isnull=False).update(
        actor_email=None
    )
    return count
