from urllib.parse import quote

from django.conf import settings
from django.urls import reverse


def service(request):
    return {
        "service_name": settings.ALONGSIDE_SERVICE_NAME,
        "contact_phone": settings.ALONGSIDE_CONTACT_PHONE,
        "contact_email": settings.ALONGSIDE_CONTACT_EMAIL,
        # The beta banner's link; the page belongs to outreach, which records it and tells national admins.
        "feedback_url": reverse("outreach:feedback") + "?from=" + quote(request.path),
    }
