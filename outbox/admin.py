"""Waiting work and outgoing mail for the functioneel beheerder.

E-mails: filter on "Mislukt" to see what never went out and why; the action "Opnieuw versturen"
sends the selected failed mails again. Background jobs: what waits for the broker (status
"Wacht op de wachtrij") and what was handed over. Nothing can be added or edited by hand.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox import services
from outbox.models import Job, Mail


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Mail)
class MailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "to", "subject", "purpose", "status", "attempts", "reason"]
    list_filter = ["status", "purpose"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    fields = [
        "to",
        "subject",
        "purpose",
        "status",
        "attempts",
        "reason",
        "created_at",
        "last_attempt_at",
        "sent_at",
        "body",
    ]
    readonly_fields = fields
    actions = ["resend"]

    @admin.action(
        description=_("Opnieuw versturen (alleen mislukte e-mails)"), permissions=["resend"]
    )
    def resend(self, request, queryset):
        count = services.mails_resend(mail_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail wordt opnieuw verstuurd.",
                "%(count)d e-mails worden opnieuw verstuurd.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_resend_permission(self, request):
        return request.user.has_perm("outbox.change_mail")


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "task", "key", "status", "attempts", "last_error"]
    list_filter = ["status", "task"]
    search_fields = ["key", "task"]
    fields = [
        "task",
        "kwargs",
        "key",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "dispatched_at",
    ]
    readonly_fields = fields
