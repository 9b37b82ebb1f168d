from django.contrib import admin

from alongside.outreach.models import Buddy, Delivery, Message, OutboxMessage, PrintPack


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "organisation", "status", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["audience", "progress", "created_by"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["message", "contributor", "channel", "status", "attempts", "queued_at"]
    list_filter = ["channel", "status"]
    raw_id_fields = ["message", "contributor", "print_pack"]
    list_select_related = ["message", "contributor"]


@admin.register(OutboxMessage)
class OutboxAdmin(admin.ModelAdmin):
    list_display = ["channel", "to", "reference", "created_at"]
    list_filter = ["channel"]


admin.site.register(PrintPack)
admin.site.register(Buddy)
