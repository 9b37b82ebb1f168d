from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def join(request: HttpRequest) -> HttpResponse:
    return render(request, "people/join.html")
