"""factory_boy factories of governance, and a small helper that builds a kerngroep."""

import datetime

import factory

from audit.actors import system_actor
from governance.constants import BodyLevel, MemberRole
from governance.models import ActionItem, BodyMember, GovernanceBody, Meeting
from tests.factories import CommunityFactory


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody
        skip_postgeneration_save = True

    level = BodyLevel.KERNGROEP
    name = factory.Sequence(lambda n: f"Kerngroep {n}")

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if create:
            self.communities.set(extracted if extracted is not None else [CommunityFactory()])


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(GovernanceBodyFactory)
    user = None
    name = factory.Sequence(lambda n: f"Buitenlid {n}")
    role = MemberRole.MEMBER
    votes = True


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(GovernanceBodyFactory)
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2026, 2, 3, 19, 0, tzinfo=datetime.UTC)
            + datetime.timedelta(days=56 * n)
        )
    )
    place = "Ontmoetingsruimte"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    body = factory.SubFactory(GovernanceBodyFactory)
    title = factory.Sequence(lambda n: f"Actiepunt {n}")
    owner = factory.SubFactory(BodyMemberFactory, body=factory.SelfAttribute("..body"))
    due_on = datetime.date(2026, 3, 1)


def kerngroep_with(community, *, secretary=None, members=(), without_vote=()):
    """A kerngroep of `community`: `secretary` (a user) runs it, `members` are ordinary members,
    `without_vote` members without a vote (the residents' delegation)."""
    body = GovernanceBodyFactory(communities=[community], name=f"Kerngroep {community.name}")
    if secretary is not None:
        BodyMemberFactory(body=body, user=secretary, name="", role=MemberRole.SECRETARY)
    for user in members:
        BodyMemberFactory(body=body, user=user, name="")
    for user in without_vote:
        BodyMemberFactory(body=body, user=user, name="", votes=False, residents_delegation=True)
    return body


# The actor of writes a test makes outside a request (every governance service names one).
SYSTEM = system_actor("tests")
