"""The functioneel beheerder manages organisations, users, roles and communities here."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from communities.models import (
    Community,
    Membership,
    Organisation,
    PilotLightDecision,
    Section,
    Unit,
    User,
)
from communities.services import community_mix_target_validate, pilot_light_validate


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["community"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Organisatie"), {"fields": ["organisation"]}))
    list_display = ["username", "first_name", "last_name", "organisation", "is_active", "is_staff"]
    list_filter = ["organisation", "is_active", "is_staff", "memberships__role"]
    inlines = [MembershipInline]


class CommunityAdminForm(forms.ModelForm):
    class Meta:
        model = Community
        fields = [
            "name",
            "slug",
            "municipality",
            "corporation",
            "partners",
            "address",
            "start_date",
            "residents_moved_in_on",
            "mix_target",
            "mix_target_reason",
            "band_on_course_pp",
            "band_attention_pp",
        ]

    def clean(self):
        cleaned = super().clean()
        community_mix_target_validate(
            community=self.instance,
            target=cleaned.get("mix_target", ""),
            reason=cleaned.get("mix_target_reason", ""),
        )
        return cleaned


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    form = CommunityAdminForm
    list_display = ["name", "municipality", "corporation", "residents_moved_in_on", "mix_target"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]
    inlines = [SectionInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role"]
    list_filter = ["role", "community"]
    search_fields = ["user__username", "user__last_name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["number", "community", "section", "price_class"]
    list_filter = ["community", "price_class"]


class PilotLightDecisionForm(forms.ModelForm):
    class Meta:
        model = PilotLightDecision
        fields = ["community", "decided_on", "active", "reason", "decided_by"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and cleaned.get("community") and cleaned.get("decided_on"):
            pilot_light_validate(
                community=cleaned["community"],
                active=cleaned.get("active", False),
                decided_on=cleaned["decided_on"],
            )
        return cleaned


@admin.register(PilotLightDecision)
class PilotLightDecisionAdmin(admin.ModelAdmin):
    """Decisions are a record: added (on or off again), never edited afterwards."""

    form = PilotLightDecisionForm
    list_display = ["community", "decided_on", "active"]

    def has_change_permission(self, request, obj=None):
        return obj is None
