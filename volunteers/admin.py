from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import HearingCentre, LocalAuthority, Region, RoleAssignment, Rota, User, Volunteer


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Name", {"fields": ("first_name", "last_name")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "granted_by", "granted_at", "revoked_at"]
    list_filter = ["role", "region"]
    raw_id_fields = ["user", "granted_by", "revoked_by"]


admin.site.register(LocalAuthority)
admin.site.register(Region)
admin.site.register(HearingCentre)
admin.site.register(Rota)
admin.site.register(
    Volunteer, list_display=["user", "status", "home_region"], raw_id_fields=["user"]
)
