"""The functioneel beheerder manages bodies and their members in the Django admin; everything
else (meetings, minutes, decisions) happens in the product, where access is checked."""

from django.contrib import admin

from governance.models import BodyMember, GovernanceBody


class BodyMemberInline(admin.TabularInline):
    model = BodyMember
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "name", "email", "organisation", "role", "votes", "residents_delegation"]


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "level"]
    list_filter = ["level"]
    search_fields = ["name"]
    filter_horizontal = ["communities"]
    inlines = [BodyMemberInline]
