from django.urls import path

from alongside.insights import views

app_name = "insights"

urlpatterns = [
    path("staff/insights/representation/", views.representation, name="representation"),
    path("staff/insights/trends/", views.trends, name="trends"),
    path("staff/insights/activity/", views.activity_dashboard, name="activity"),
]
