from django.urls import path

from alongside.insights import views

app_name = "insights"

urlpatterns = [
    path("staff/insights/representation/", views.representation, name="representation"),
]
