"""Template helpers that emit the Scottish Government Design System's markup."""

from django import template

register = template.Library()

_INPUT_CLASS = {
    "select": "ds_select",
    "selectmultiple": "ds_select",
    "textarea": "ds_input",
    "checkbox": "ds_checkbox__input",
    "radioselect": "ds_radio__input",
    "checkboxselectmultiple": "ds_checkbox__input",
    "clearablefile": "ds_file-upload__input",
    "file": "ds_file-upload__input",
}


@register.filter
def ds_widget(bound_field):
    """Render a field's widget with the design system's classes and accessible attributes."""
    widget_type = bound_field.widget_type
    classes = [_INPUT_CLASS.get(widget_type, "ds_input")]
    if bound_field.errors and widget_type not in ("checkbox", "radioselect"):
        classes.append("ds_input--error")
    attrs = {"class": " ".join(classes)}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    existing = bound_field.field.widget.attrs.get("class")
    if existing:
        attrs["class"] = f"{attrs['class']} {existing}"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def ds_is_choice_list(bound_field) -> bool:
    return bound_field.widget_type in ("radioselect", "checkboxselectmultiple")


@register.inclusion_tag("includes/ds_error_summary.html")
def ds_error_summary(*forms):
    """An error summary for one or more forms, linking each error to its field."""
    errors = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for error in form.non_field_errors():
            errors.append({"href": None, "text": error})
        for field in form:
            for error in field.errors:
                errors.append({"href": f"#{field.id_for_label or field.auto_id}", "text": error})
    return {"errors": errors}


@register.simple_tag
def ds_tag_colour(status: str) -> str:
    """A tag colour for a status word, so status badges look the same everywhere."""
    return {
        "succeeded": "green",
        "failed": "red",
        "running": "blue",
        "pending": "grey",
        "active": "green",
        "revoked": "grey",
        # Applications
        "draft": "grey",
        "submitted": "blue",
        "appointed": "green",
        "accepted": "teal",
        "offer": "teal",
        "rejected": "red",
        "withdrawn": "grey",
        # Volunteers
        "trainee": "blue",
        "serving": "green",
        "on_leave": "yellow",
        "resigned": "grey",
        "removed": "red",
        "term_ended": "grey",
        **dict.fromkeys(
            ["shortlisted", "information_session", "interview", "references", "pvg"], "purple"
        ),
        "pre_service_training": "teal",
    }.get(status, "grey")
