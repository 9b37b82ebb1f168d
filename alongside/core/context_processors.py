from urllib.parse import quote

from django.conf import settings
from django.urls import reverse


def service(request):
    return {
        "service_name": settings.ALONGSIDE_SERVICE_NAME,
        "contact_phone": settings.ALONGSIDE_CONTACT_PHONE,
        "contact_email": settings.ALONGSIDE_CONTACT_EMAIL,
        "feedback_url": _feedback_url(request),
    }


def _feedback_url(request) -> str:
    """The beta banner's link, saying which page it was on; the page belongs to outreach.

    Only fixed addresses are passed on: an error page, or an address with a reference or name in
    it, may hold anything a visitor typed, and no page repeats that.
    """
    url = reverse("outreach:feedback")
    match = getattr(request, "resolver_match", None)
    if match is None or match.args or match.kwargs:
        return url
    return f"{url}?from={quote(request.path)}"
