from django.forms.renderers import TemplatesSetting


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders every form with the Scottish Government Design System's question markup."""

    form_template_name = "forms/ds_form.html"
    field_template_name = "forms/ds_field.html"
