from django.urls import path

from alongside.payments.views import contributor, finance, planning, policy, public, staff

app_name = "payments"

urlpatterns = [
    # Contributors
    path("payments/", contributor.my_payments, name="my_payments"),
    path("payments/claim/new/", contributor.start_claim, name="start_claim"),
    path("payments/claim/<int:pk>/", contributor.claim_detail, name="claim"),
    path("payments/claim/<int:pk>/choice/", contributor.claim_choice, name="claim_choice"),
    path("payments/claim/<int:pk>/check/", contributor.check_answers, name="check_answers"),
    path(
        "payments/claim/<int:pk>/expense/<int:expense_pk>/remove/",
        contributor.remove_expense,
        name="remove_expense",
    ),
    path("payments/claim/<int:pk>/expense/<int:expense_pk>/receipt/", contributor.receipt, name="receipt"),
    path("payments/preferences/", contributor.preferences, name="preferences"),
    path("payments/bank-details/", contributor.bank_details, name="bank_details"),
    path("payments/statement/<int:year>/", contributor.annual_statement, name="statement"),
    path("payments/benefits-letter/", contributor.benefits_letter, name="benefits_letter"),
    # Public
    path("payment-policy/<slug:slug>/", public.policy_page, name="policy"),
    path("payment-policy/<slug:slug>/pdf/", public.policy_pdf, name="policy_pdf"),
    # Staff, for people without a login
    path("staff/payments/people/<int:contributor_pk>/", staff.staff_person_payments, name="staff_person"),
    path(
        "staff/payments/people/<int:contributor_pk>/statement/<int:year>/",
        staff.staff_statement,
        name="staff_statement",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/benefits-letter/",
        staff.staff_benefits_letter,
        name="staff_benefits_letter",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/claim/new/",
        staff.staff_start_claim,
        name="staff_start_claim",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/preferences/",
        staff.staff_preferences,
        name="staff_preferences",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/bank-details/",
        staff.staff_bank_details,
        name="staff_bank_details",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/bank-details/full/",
        finance.finance_bank_details,
        name="finance_bank_details",
    ),
    path("staff/payments/bank-holds/", finance.bank_holds, name="bank_holds"),
    path(
        "staff/payments/bank-holds/<int:contributor_pk>/release/",
        finance.bank_hold_release,
        name="bank_hold_release",
    ),
    # Checking and approval
    path("staff/payments/claims/", staff.staff_claims, name="staff_claims"),
    path("staff/payments/claims/<int:pk>/", staff.staff_claim, name="staff_claim"),
    path(
        "staff/payments/claims/<int:pk>/<slug:action>/", staff.staff_claim_action, name="staff_claim_action"
    ),
    # Payment runs
    path("staff/payments/runs/", finance.run_list, name="runs"),
    path("staff/payments/runs/start/", finance.run_start, name="run_start"),
    path("staff/payments/alerts/<int:pk>/", finance.alert_resolve, name="alert_resolve"),
    path("staff/payments/runs/<int:pk>/", finance.run_detail, name="run"),
    path("staff/payments/runs/<int:pk>/approve/", finance.run_approve, name="run_approve"),
    path("staff/payments/runs/<int:pk>/cancel/", finance.run_cancel, name="run_cancel"),
    path("staff/payments/runs/<int:pk>/resume/", finance.run_resume, name="run_resume"),
    path("staff/payments/runs/<int:pk>/files/<slug:kind>/", finance.run_file, name="run_file"),
    path("staff/payments/runs/<int:pk>/confirmations/", finance.run_confirmations, name="run_confirmations"),
    path(
        "staff/payments/runs/<int:pk>/confirmations/template/",
        finance.run_confirmation_template,
        name="run_confirmation_template",
    ),
    # Policy versions and the CSV layout
    path("staff/payments/policy/", policy.policy_versions, name="policy_versions"),
    path("staff/payments/policy/new/", policy.policy_new, name="policy_new"),
    path("staff/payments/csv-layout/", finance.csv_layout, name="csv_layout"),
    # Researchers
    path("staff/payments/costs/", planning.cost_plans, name="cost_plans"),
    path("staff/payments/costs/<int:pk>/", planning.cost_plan, name="cost_plan"),
    path(
        "staff/payments/costs/<int:pk>/download/<slug:fmt>/",
        planning.cost_plan_download,
        name="cost_plan_download",
    ),
    path("staff/payments/projects/<int:pk>/budget/", planning.project_budget, name="project_budget"),
    path(
        "staff/payments/opportunities/<int:pk>/employment-status/",
        planning.employment_check,
        name="employment_check",
    ),
]
