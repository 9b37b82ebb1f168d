from django.urls import path

from alongside.bench import views

app_name = "bench"

urlpatterns = [
    path("bench/minimal", views.minimal, name="minimal"),
    path("bench/echo", views.echo, name="echo"),
]
