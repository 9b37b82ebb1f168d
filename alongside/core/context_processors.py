from django.conf import settings
from django.urls import reverse


def service(request):
    return {
        "service_name": settings.ALONGSIDE_SERVICE_NAME,
        "contact_phone": settings.ALONGSIDE_CONTACT_PHONE,
        "contact_email": settings.ALONGSIDE_CONTACT_EMAIL,
        "feedback_url": reverse("core:help"),
    }
