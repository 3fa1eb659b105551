"""The national framework and course catalogue: read by all staff, changed by national
administrators only, by drafting and publishing versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.views.helpers import apply_service_errors, form_page, require_perm

from .. import permissions, services
from ..forms import AreaForm, CourseForm, FrameworkSettingsForm, RequirementForm, StandardForm
from ..models import Course, Framework
from ..selectors.eligibility import requirement_order


@require_GET
@login_required
def framework_list(request):
    require_perm(request.user, "training.view_framework")
    versions = Framework.objects.all()
    if not request.user.has_perm("training.change_framework"):
        versions = versions.filter(status=Framework.Status.PUBLISHED)
    return render(
        request,
        "training/framework_list.html",
        {
            "versions": versions,
            "live": Framework.objects.filter(status="published").order_by("-version").first(),
            "can_change": request.user.has_perm("training.change_framework"),
            "has_draft": Framework.objects.filter(status="draft").exists(),
        },
    )


@require_GET
@login_required
def framework_detail(request, version):
    require_perm(request.user, "training.view_framework")
    framework = permissions.get_framework_for_user(request.user, version)
    areas = framework.areas.prefetch_related("standards__competency")
    requirements = sorted(
        framework.requirements.select_related("competency"), key=requirement_order
    )
    return render(
        request,
        "training/framework_detail.html",
        {
            "framework": framework,
            "areas": areas,
            "sit": [r for r in requirements if r.purpose == "sit"],
            "chair": [r for r in requirements if r.purpose == "chair"],
            "can_change": framework.is_draft and request.user.has_perm("training.change_framework"),
        },
    )


@require_POST
@login_required
def framework_draft(request):
    require_perm(request.user, "training.change_framework")
    try:
        draft = services.start_draft_framework(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:framework_list")
    messages.success(request, f"Version {draft.version} drafted from the live version.")
    return redirect("training:framework", version=draft.version)


def _draft_for(request, version) -> Framework:
    require_perm(request.user, "training.change_framework")
    return permissions.get_framework_for_user(request.user, version)


@require_http_methods(["GET", "POST"])
@login_required
def framework_settings(request, version):
    framework = _draft_for(request, version)
    form = FrameworkSettingsForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in FrameworkSettingsForm.Meta.fields}
            services.update_framework(framework=framework, by=request.user, **fields)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("training:framework", version=framework.version)
    return form_page(
        request,
        form,
        heading=f"Settings for version {framework.version}",
        submit="Save settings",
        cancel_url=reverse("training:framework", args=[framework.version]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def framework_area_new(request, version):
    framework = _draft_for(request, version)
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_area(framework=framework, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Area added.")
            return redirect("training:framework", version=framework.version)
    return form_page(
        request,
        form,
        heading="Add a competency area",
        submit="Add area",
        cancel_url=reverse("training:framework", args=[framework.version]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def framework_standard(request, version, pk=None):
    framework = _draft_for(request, version)
    standard = get_object_or_404(framework.standards, pk=pk) if pk else None
    initial = {}
    if standard:
        initial = {
            "area": standard.area_id,
            "competency": standard.competency_id,
            "name": standard.name,
            "descriptor": standard.descriptor,
            "observable": standard.observable,
        }
    form = StandardForm(request.POST or None, initial=initial, framework=framework)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_standard(
                framework=framework,
                area=data["area"],
                competency=data["competency"],
                key=data["key"],
                name=data["name"],
                descriptor=data["descriptor"],
                observable=data["observable"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Competency saved.")
            return redirect("training:framework", version=framework.version)
    return form_page(
        request,
        form,
        heading="Change a competency" if standard else "Add a competency",
        submit="Save competency",
        cancel_url=reverse("training:framework", args=[framework.version]),
    )


@require_POST
@login_required
def framework_standard_remove(request, version, pk):
    framework = _draft_for(request, version)
    standard = get_object_or_404(framework.standards, pk=pk)
    try:
        services.remove_standard(standard=standard, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{standard.name} removed from version {framework.version}.")
    return redirect("training:framework", version=framework.version)


@require_http_methods(["GET", "POST"])
@login_required
def framework_requirement_new(request, version):
    framework = _draft_for(request, version)
    form = RequirementForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_requirement(framework=framework, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Requirement added.")
            return redirect("training:framework", version=framework.version)
    return form_page(
        request,
        form,
        heading="Add a requirement",
        submit="Add requirement",
        intro="To chair, a member must also meet every requirement to sit.",
        cancel_url=reverse("training:framework", args=[framework.version]),
    )


@require_POST
@login_required
def framework_requirement_remove(request, version, pk):
    framework = _draft_for(request, version)
    requirement = get_object_or_404(framework.requirements, pk=pk)
    try:
        services.remove_requirement(requirement=requirement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Requirement removed.")
    return redirect("training:framework", version=framework.version)


@require_POST
@login_required
def framework_publish(request, version):
    framework = _draft_for(request, version)
    try:
        services.publish_framework(framework=framework, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Version {framework.version} is now live. Eligibility follows it from now."
        )
    return redirect("training:framework", version=framework.version)


# --- Courses -----------------------------------------------------------------------------


@require_GET
@login_required
def course_list(request):
    require_perm(request.user, "training.view_framework")
    courses = Course.objects.select_related("region").prefetch_related("grants", "prerequisites")
    return render(
        request,
        "training/course_list.html",
        {"courses": courses, "can_change": request.user.has_perm("training.change_framework")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def course_edit(request, pk=None):
    require_perm(request.user, "training.change_framework")
    course = get_object_or_404(Course, pk=pk) if pk else None
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_course(by=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Course {saved.title} saved.")
            return redirect("training:courses")
    return form_page(
        request,
        form,
        heading=f"Change {course.title}" if course else "Add a course",
        submit="Save course",
        cancel_url=reverse("training:courses"),
    )
