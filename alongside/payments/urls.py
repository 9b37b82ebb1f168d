from django.urls import path

from alongside.payments import views

app_name = "payments"

urlpatterns = [
    # Contributors
    path("payments/", views.my_payments, name="my_payments"),
    path("payments/claim/new/", views.start_claim, name="start_claim"),
    path("payments/claim/<int:pk>/", views.claim_detail, name="claim"),
    path("payments/claim/<int:pk>/choice/", views.claim_choice, name="claim_choice"),
    path("payments/claim/<int:pk>/check/", views.check_answers, name="check_answers"),
    path(
        "payments/claim/<int:pk>/expense/<int:expense_pk>/remove/",
        views.remove_expense,
        name="remove_expense",
    ),
    path("payments/claim/<int:pk>/expense/<int:expense_pk>/receipt/", views.receipt, name="receipt"),
    path("payments/preferences/", views.preferences, name="preferences"),
    path("payments/bank-details/", views.bank_details, name="bank_details"),
    path("payments/statement/<int:year>/", views.annual_statement, name="statement"),
    path("payments/benefits-letter/", views.benefits_letter, name="benefits_letter"),
    # Public
    path("payment-policy/<slug:slug>/", views.policy_page, name="policy"),
    path("payment-policy/<slug:slug>/pdf/", views.policy_pdf, name="policy_pdf"),
    # Staff, for people without a login
    path("staff/payments/people/<int:contributor_pk>/", views.staff_person_payments, name="staff_person"),
    path(
        "staff/payments/people/<int:contributor_pk>/statement/<int:year>/",
        views.staff_statement,
        name="staff_statement",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/benefits-letter/",
        views.staff_benefits_letter,
        name="staff_benefits_letter",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/claim/new/",
        views.staff_start_claim,
        name="staff_start_claim",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/preferences/",
        views.staff_preferences,
        name="staff_preferences",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/bank-details/",
        views.staff_bank_details,
        name="staff_bank_details",
    ),
    path(
        "staff/payments/people/<int:contributor_pk>/bank-details/full/",
        views.finance_bank_details,
        name="finance_bank_details",
    ),
    path("staff/payments/bank-holds/", views.bank_holds, name="bank_holds"),
    path(
        "staff/payments/bank-holds/<int:contributor_pk>/release/",
        views.bank_hold_release,
        name="bank_hold_release",
    ),
    # Checking and approval
    path("staff/payments/claims/", views.staff_claims, name="staff_claims"),
    path("staff/payments/claims/<int:pk>/", views.staff_claim, name="staff_claim"),
    path(
        "staff/payments/claims/<int:pk>/<slug:action>/", views.staff_claim_action, name="staff_claim_action"
    ),
    # Payment runs
    path("staff/payments/runs/", views.run_list, name="runs"),
    path("staff/payments/runs/start/", views.run_start, name="run_start"),
    path("staff/payments/alerts/<int:pk>/", views.alert_resolve, name="alert_resolve"),
    path("staff/payments/runs/<int:pk>/", views.run_detail, name="run"),
    path("staff/payments/runs/<int:pk>/approve/", views.run_approve, name="run_approve"),
    path("staff/payments/runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("staff/payments/runs/<int:pk>/resume/", views.run_resume, name="run_resume"),
    path("staff/payments/runs/<int:pk>/files/<slug:kind>/", views.run_file, name="run_file"),
    path("staff/payments/runs/<int:pk>/confirmations/", views.run_confirmations, name="run_confirmations"),
    path(
        "staff/payments/runs/<int:pk>/confirmations/template/",
        views.run_confirmation_template,
        name="run_confirmation_template",
    ),
    # Policy versions and the CSV layout
    path("staff/payments/policy/", views.policy_versions, name="policy_versions"),
    path("staff/payments/policy/new/", views.policy_new, name="policy_new"),
    path("staff/payments/csv-layout/", views.csv_layout, name="csv_layout"),
    # Researchers
    path("staff/payments/costs/", views.cost_plans, name="cost_plans"),
    path("staff/payments/costs/<int:pk>/", views.cost_plan, name="cost_plan"),
    path(
        "staff/payments/costs/<int:pk>/download/<slug:fmt>/",
        views.cost_plan_download,
        name="cost_plan_download",
    ),
    path("staff/payments/projects/<int:pk>/budget/", views.project_budget, name="project_budget"),
    path(
        "staff/payments/opportunities/<int:pk>/employment-status/",
        views.employment_check,
        name="employment_check",
    ),
]
