from django.urls import path

from alongside.people import views

app_name = "people"

urlpatterns = [
    path("join/", views.join, name="join"),
]
