from django.contrib import admin

from reports.models import AnnualReport, ReportRequest, ReportVersion


class VersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    fields = ("number", "created_at", "requested_by", "pages", "size", "content_hash")
    readonly_fields = fields


class RequestInline(admin.TabularInline):
    model = ReportRequest
    extra = 0
    can_delete = False
    fields = ("requested_at", "requested_by", "status", "reason", "attempts", "new_version")
    readonly_fields = fields


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "community", "body")
    list_filter = ("year",)
    readonly_fields = ("community", "body", "year")
    inlines = [VersionInline, RequestInline]

    def has_add_permission(self, request):
        return False
