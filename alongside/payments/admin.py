"""Admin for policy versions and finance settings.

Claims, runs and the ledger change only through services, never here.
"""

from django.contrib import admin

from alongside.core.forms import NUMBERS_IN_ADMIN
from alongside.payments.models import CsvLayout, FinanceSettings, PaymentPolicy, PolicyRate


class PolicyRateInline(admin.TabularInline):
    model = PolicyRate
    extra = 0
    formfield_overrides = NUMBERS_IN_ADMIN


@admin.register(PaymentPolicy)
class PaymentPolicyAdmin(admin.ModelAdmin):
    formfield_overrides = NUMBERS_IN_ADMIN
    list_display = ["organisation", "version", "effective_from", "is_example"]
    list_filter = ["is_example"]
    list_select_related = ["organisation"]
    inlines = [PolicyRateInline]


@admin.register(FinanceSettings)
class FinanceSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "service_user_number"]
    list_select_related = ["organisation"]


@admin.register(CsvLayout)
class CsvLayoutAdmin(admin.ModelAdmin):
    list_display = ["organisation", "updated_at"]
    list_select_related = ["organisation"]
