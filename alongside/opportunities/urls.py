from django.urls import path

from alongside.opportunities import views

app_name = "opportunities"

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="list"),
]
