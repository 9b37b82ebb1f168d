from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def opportunity_list(request: HttpRequest) -> HttpResponse:
    return render(request, "opportunities/list.html")
