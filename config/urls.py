from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from volunteers.views import pages as volunteer_pages

# The admins' own login pages would skip allauth's MFA: send them to allauth instead.
to_allauth_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("django-admin/login/", to_allauth_login),
    path("django-admin/", admin.site.urls),
    path("cms-admin/login/", to_allauth_login),
    # Wagtail's front-end login for private pages is password-only: allauth's instead.
    path("_util/login/", to_allauth_login),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Images in restricted collections (and only those) are linked here, behind the check.
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", cms_views.serve_image, name="private_image"),
    path("accounts/", include("allauth.urls")),
    path("dashboard/", volunteer_pages.dashboard, name="dashboard"),
    path("privacy/", volunteer_pages.privacy, name="privacy"),
    path("accessibility/", volunteer_pages.accessibility, name="accessibility"),
    path("staff/recruitment/", include("volunteers.urls_recruitment")),
    path("staff/volunteers/", include("volunteers.urls_lifecycle")),
    path("staff/email/", include("common.mail_urls")),
    path("staff/", include("volunteers.urls")),
    path("apply/", include("volunteers.urls_applicant")),
    path("reference/", include("volunteers.urls_referee")),
    path("jobs/", include("common.job_urls")),
    path("", include("privacy.urls")),
    path("", include("training.urls")),
    path("", include("rostering.urls")),
    path("search/", cms_views.search, name="search"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's catch-all comes last.
urlpatterns.append(path("", include(wagtail_urls)))
