"""The audit trail for the functioneel beheerder: search and filter, nothing else.

Read-only for everyone, superusers included: no add, no change, no delete, no bulk actions.
A non-superuser functioneel beheerder needs the "Can view auditgebeurtenis" permission.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from audit.constants import object_type_label
from audit.models import AuditEvent


class ObjectTypeFilter(admin.SimpleListFilter):
    """The kinds of record present in the trail, with their Dutch names."""

    title = _("soort gegeven")
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        values = (
            AuditEvent.objects.order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct()
        )
        return [(value, object_type_label(value)) for value in values]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        if self.value():
            return queryset.filter(object_type=self.value())
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "action", "object_label", "community", "count", "ip"]
    list_filter = ["action", ObjectTypeFilter, "community"]
    date_hierarchy = "at"
    # "=object_id": searching for resident 12 must not also find 112 and 120.
    search_fields = ["username", "=object_id", "object_type"]
    list_select_related = ["community"]
    fields = [
        "at",
        "username",
        "user",
        "action",
        "object_type",
        "object_id",
        "community",
        "count",
        "detail",
        "ip",
        "path",
    ]
    readonly_fields = fields
    # Counting the whole trail on every page is slow once it holds years of events.
    show_full_result_count = False

    @admin.display(description=_("gegeven"), ordering="object_type")
    def object_label(self, obj: AuditEvent) -> str:
        return obj.object_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
