from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from communities.constants import OrganisationKind, Role


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person who logs in. Belongs to one organisation; has a role per community (Membership).
    The functioneel beheerder is a staff user and works in the Django admin."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships"
    )
    community = models.ForeignKey(
        "communities.Community",
        verbose_name=_("locatie"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("rol in locatie")
        verbose_name_plural = _("rollen in locaties")
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_role_per_community"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.community}"
