from .community import Community, PilotLightDecision, Section, Unit
from .people import Membership, Organisation, User
from .residents import Resident, SupportPeriod, Tenancy, TenancyResident

__all__ = [
    "Community",
    "Membership",
    "Organisation",
    "PilotLightDecision",
    "Resident",
    "Section",
    "SupportPeriod",
    "Tenancy",
    "TenancyResident",
    "Unit",
    "User",
]
