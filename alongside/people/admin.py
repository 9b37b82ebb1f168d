"""Admin for the managed lists (taxonomy, consent wording) and API tokens.

Contributor records are not in the admin: their views must be logged and scoped, so staff use
the people pages instead.
"""

from django.contrib import admin

from alongside.people.models import ApiToken, ConsentWording, LivedExperience, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_cy", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "name_cy"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LivedExperience)
class LivedExperienceAdmin(admin.ModelAdmin):
    list_display = ["name", "name_cy", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "name_cy"]
    prepopulated_fields = {"slug": ["kind", "name"]}


@admin.register(ConsentWording)
class ConsentWordingAdmin(admin.ModelAdmin):
    list_display = ["purpose", "version", "introduced_at"]

    def has_change_permission(self, request, obj=None):
        # Wording is never edited: a change of words is a new version.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "token_hash", "created_by", "created_at", "last_used_at"]
    fields = ["organisation", "name", "revoked_at", *readonly_fields]

    def has_add_permission(self, request):
        # Tokens are made with services.create_api_token so the secret is shown once.
        return False
