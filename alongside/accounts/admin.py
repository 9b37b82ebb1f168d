from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from alongside.accounts.models import AccessLog, Membership, Organisation, TeamChange, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password", "preferred_language"]}),
        ("Status", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "password1", "password2"]})]
    filter_horizontal: list[str] = []
    list_filter = ["is_active"]
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AppendOnlyAdmin(admin.ModelAdmin):
    """Append-only records: shown here, never added, changed or deleted."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(AppendOnlyAdmin):
    list_display = ["at", "actor", "action", "subject_type", "subject_id", "role"]
    list_select_related = ["actor"]


@admin.register(TeamChange)
class TeamChangeAdmin(AppendOnlyAdmin):
    list_display = ["at", "actor", "action", "member_email", "organisation_name"]
    list_select_related = ["actor"]
    search_fields = ["member_email", "organisation_name"]
