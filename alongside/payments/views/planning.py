"""Researchers and staff planning involvement: cost plans, budgets, employment status checks."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.permissions import get_scoped_or_404, staff_required
from alongside.core.pdf import pdf_response
from alongside.opportunities.models import Opportunity, Project
from alongside.payments import costing, queries, services
from alongside.payments.forms import CostPlanForm, CostRowForm, EmploymentCheckForm
from alongside.payments.models import CostPlan, EmploymentCheck
from alongside.payments.views.common import PAGE


@staff_required()
def cost_plans(request: HttpRequest) -> HttpResponse:
    form = CostPlanForm(request.POST or None)
    organisation = next(iter(m.organisation for m in request.user.active_memberships), None)
    if request.method == "POST" and form.is_valid() and organisation is not None:
        plan = CostPlan.objects.create(
            organisation=organisation, title=form.cleaned_data["title"], created_by=request.user
        )
        return redirect("payments:cost_plan", pk=plan.pk)
    page = Paginator(queries.cost_plans_for(request.user), PAGE).get_page(request.GET.get("page"))
    return render(request, "payments/cost_plans.html", {"page": page, "form": form})


@staff_required()
def cost_plan(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_scoped_or_404(request.user, queries.cost_plans_for(request.user), pk=pk)
    form = CostRowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        row.plan = plan
        row.save()
        return redirect("payments:cost_plan", pk=plan.pk)
    costed, by_category, total = costing.cost_plan(plan)
    context = {"plan": plan, "form": form, "costed": costed, "by_category": by_category, "total": total}
    return render(request, "payments/cost_plan.html", context)


@staff_required()
def cost_plan_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = get_scoped_or_404(request.user, queries.cost_plans_for(request.user), pk=pk)
    if fmt == "pdf":
        return pdf_response(costing.plan_pdf(plan), f"involvement-costs-{plan.pk}.pdf")
    response = HttpResponse(costing.plan_csv(plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="involvement-costs-{plan.pk}.csv"'
    return response


@staff_required()
def project_budget(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_scoped_or_404(request.user, Project.objects.all(), pk=pk)
    planned = {}
    for plan in CostPlan.objects.filter(project=project).prefetch_related("rows"):
        for item in costing.cost_plan(plan)[0]:
            planned[item.row.category] = planned.get(item.row.category, 0) + item.total
    actual = queries.project_actuals(project)
    planned_people = planned.get("activity", 0)
    planned_expenses = sum(v for k, v in planned.items() if k != "activity")
    rows = [
        (_("Payments for time"), planned_people, actual["fees"]),
        (_("Expenses and other costs"), planned_expenses, actual["expenses"]),
    ]
    return render(request, "payments/budget.html", {"project": project, "rows": rows})


@staff_required(Role.RESEARCHER, Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)
def employment_check(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = get_scoped_or_404(request.user, Opportunity.objects.all(), pk=pk)
    form = EmploymentCheckForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.record_employment_check(opportunity, dict(form.cleaned_data), by=request.user)
    latest = result or EmploymentCheck.objects.filter(opportunity=opportunity).first()
    return render(
        request,
        "payments/employment_check.html",
        {"opportunity": opportunity, "form": form, "latest": latest},
    )
