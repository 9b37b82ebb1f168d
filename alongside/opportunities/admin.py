from django.contrib import admin

from alongside.core.forms import NUMBERS_IN_ADMIN
from alongside.opportunities.models import (
    Activity,
    Application,
    Contribution,
    JargonTerm,
    MatchNotice,
    Opportunity,
    PathwayLevel,
    Project,
    ReviewEvent,
    SchoolHoliday,
    SelectionDraw,
)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    formfield_overrides = NUMBERS_IN_ADMIN
    list_display = ["title", "organisation", "status", "closes_on"]
    list_filter = ["status", "format"]
    list_select_related = ["organisation"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["project", "created_by", "pathway_level"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "contributor", "status", "how", "created_at"]
    list_filter = ["status", "how"]
    list_select_related = ["opportunity", "contributor"]
    raw_id_fields = ["opportunity", "contributor", "recorded_by"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["contributor", "activity", "date", "minutes"]
    list_select_related = ["contributor", "activity"]
    raw_id_fields = ["contributor", "activity", "opportunity", "organisation", "recorded_by"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "action", "by", "at"]
    list_select_related = ["opportunity", "by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # history is never edited


for model in (Project, Activity, PathwayLevel, JargonTerm, SchoolHoliday, SelectionDraw, MatchNotice):
    admin.site.register(model)
