from django import template

from alongside.insights import present

register = template.Library()

register.filter("people", present.people)
register.filter("percent", present.percent)
register.filter("points", present.points)
register.filter("ratio", present.ratio)
register.filter("measure", present.measure)
