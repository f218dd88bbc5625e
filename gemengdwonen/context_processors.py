"""Template context shared by every page."""

from django.conf import settings


def security(request) -> dict:
    # base.html shows a notice to logged-in users while the second login step is optional.
    return {"two_factor_required": settings.TWO_FACTOR_REQUIRED}
