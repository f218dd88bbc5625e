"""The functioneel beheerder keeps agreements in the Django admin (DESIGN.md §1). The admin
writes directly; the rules of `financiering.services` apply to the product's own pages."""

from django.contrib import admin

from financiering.models import (
    Contribution,
    FundingAgreement,
    HorizonMailing,
    OneOffContribution,
    SpendingLine,
)


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0


class OneOffInline(admin.TabularInline):
    model = OneOffContribution
    extra = 0


@admin.register(FundingAgreement)
class FundingAgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "municipality", "kind", "status", "start_date", "end_date")
    list_filter = ("kind", "status", "municipality")
    search_fields = ("title",)
    filter_horizontal = ("communities", "parties")
    exclude = ("document",)  # uploaded through the product: PDF check and private storage
    inlines = [ContributionInline, OneOffInline]


@admin.register(SpendingLine)
class SpendingLineAdmin(admin.ModelAdmin):
    list_display = ("community", "budget", "spent_on", "amount")
    list_filter = ("budget", "community")


@admin.register(HorizonMailing)
class HorizonMailingAdmin(admin.ModelAdmin):
    list_display = ("community", "month", "status", "recipients", "reason")
    list_filter = ("status",)
