"""Who may open each page: the one table the authorisation matrix test checks.

``tests/test_authorisation_matrix.py`` reads every URL name from the URL resolver, opens
each address as each role below (a GET, with parameters that match no record) and
compares the outcome with this table. A URL name missing from the table fails the test,
so every new page needs an entry here. Keep entries in their app's section.

Outcomes:
    OK         200: the page is shown
    LOGIN      a redirect to sign-in (the person is not signed in, or the admin site)
    REDIRECT   another redirect (for example, signed-in people leaving the sign-in page)
    FORBIDDEN  403: signed in, but the role may not use the page
    NOT_FOUND  404: no such record, or a record of another organisation
    NOT_ALLOWED 405: the page only takes POST

Helpers: ``everyone(OK)``, ``signed_in()`` (anonymous → LOGIN, every other role OK),
``staff()`` (anonymous → LOGIN, public → FORBIDDEN, staff roles OK) and ``only(...)``;
any helper takes per-role overrides, e.g. ``staff(finance=FORBIDDEN)``.
"""

from __future__ import annotations

OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
UNAUTHORISED = 401
LOGIN = "login"
REDIRECT = "redirect"

ROLES = ("anonymous", "public", "researcher", "involvement_staff", "finance", "org_admin", "national_admin")
STAFF_ROLES = ROLES[2:]


def everyone(outcome, **overrides) -> dict:
    return {**dict.fromkeys(ROLES, outcome), **overrides}


def signed_in(outcome=OK, **overrides) -> dict:
    return everyone(outcome, **{"anonymous": LOGIN, **overrides})


def staff(outcome=OK, **overrides) -> dict:
    return everyone(outcome, **{"anonymous": LOGIN, "public": FORBIDDEN, **overrides})


def only(*roles: str, outcome=OK, refused=FORBIDDEN) -> dict:
    """Staff pages for some roles: the others get ``refused``."""
    table = staff(refused)
    table.update(dict.fromkeys(roles, outcome))
    return table


# Views exempt from CSRF checks, by URL name (shell-style wildcards), with the reason.
CSRF_EXEMPT = {
    "api:*": "django-ninja exempts its views and checks CSRF itself for cookie-authenticated calls.",
}

AUTHORISATION = {
    # --- core ---
    "core:home": everyone(OK),
    "core:help": everyone(OK),
    "core:accessibility": everyone(OK),
    "core:privacy": everyone(OK),
    "core:healthz": everyone(OK),
    "core:favicon": everyone(REDIRECT),
    "core:my_tasks": signed_in(),
    "core:check_worker": signed_in(NOT_ALLOWED),
    "core:task_progress": signed_in(NOT_FOUND),  # only the person who started the job sees it
    "set_language": everyone(REDIRECT),
    # --- accounts ---
    "accounts:home": signed_in(),
    "accounts:stay_signed_in": signed_in(NOT_ALLOWED),
    "accounts:staff_home": staff(),
    "accounts:access_log": only("org_admin", "national_admin"),
    "accounts:team": only("org_admin", "national_admin"),
    "accounts:team_member": only("org_admin", "national_admin", outcome=NOT_FOUND),
    "accounts:team_remove": only("org_admin", "national_admin", outcome=NOT_FOUND),
    "accounts:team_invite": only("org_admin", "national_admin"),
    "accounts:team_invitations": only("org_admin", "national_admin"),
    "accounts:invitation_resend": only("org_admin", "national_admin", outcome=NOT_ALLOWED),
    "accounts:invitation_cancel": only("org_admin", "national_admin", outcome=NOT_FOUND),
    "accounts:team_changes": only("org_admin", "national_admin"),
    "accounts:invitation": everyone(NOT_FOUND),  # a link that is not a live invitation
    "accounts:organisations": only("national_admin"),
    "accounts:organisation_create": only("national_admin"),
    "accounts:organisation": only("national_admin", outcome=NOT_FOUND),
    "accounts:organisation_edit": only("national_admin", outcome=NOT_FOUND),
    "accounts:organisation_delete": only("national_admin", outcome=NOT_FOUND),
    "accounts:code_continue": everyone(OK),
    # --- people ---
    "people:join": everyone(OK),
    "people:joined": everyone(OK),
    "people:join_pdf": everyone(OK),
    # A person's own profile pages: 404 until the signed-in person has a contributor profile.
    "people:my_profile": signed_in(),
    "people:my_profile_edit": signed_in(NOT_FOUND),
    "people:my_consent": signed_in(NOT_ALLOWED),
    "people:my_equality": signed_in(NOT_FOUND),
    "people:my_invitation_reply": signed_in(NOT_ALLOWED),
    "people:my_data": signed_in(NOT_FOUND),
    "people:my_erasure": signed_in(NOT_FOUND),
    # Involvement staff and admins run the database; researchers search it.
    "people:list": only("involvement_staff", "org_admin", "national_admin"),
    # Adding people acts for an organisation: national admins, who hold none, are refused.
    "people:create": only("involvement_staff", "org_admin", "national_admin"),  # national: the national pool
    "people:detail": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:edit": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:status": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED),
    "people:consent": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED),
    "people:equality": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:data": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:erase": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:merge": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:search": staff(finance=FORBIDDEN),
    "people:invite": staff(NOT_FOUND, finance=FORBIDDEN),
    "people:sent_invitations": staff(finance=FORBIDDEN),
    "people:import_upload": only("involvement_staff", "org_admin"),
    "people:import_detail": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:partners": staff(),
    "people:partner_create": only("involvement_staff", "org_admin", "national_admin"),
    "people:partner_detail": staff(NOT_FOUND),
    "people:partner_edit": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:partner_contact_add": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "people:partner_champion_add": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    # --- outreach ---
    "outreach:messages": only("involvement_staff", "org_admin", "national_admin"),
    "outreach:message": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "outreach:print_pack_posted": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "outreach:print_pack_file": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "outreach:person_messages": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "outreach:call_list": only("involvement_staff", "org_admin", "national_admin"),
    "outreach:letters_to_post": only("involvement_staff", "org_admin", "national_admin"),
    "outreach:record_call": only("involvement_staff", "org_admin", outcome=NOT_FOUND),
    "outreach:compose": only("involvement_staff", "org_admin"),
    "outreach:audiences": only("involvement_staff", "org_admin"),
    "outreach:templates": only("involvement_staff", "org_admin"),
    "outreach:buddies": only("involvement_staff", "org_admin"),
    "outreach:buddy_match": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "outreach:lend": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "outreach:loan_followed_up": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "outreach:preferences": everyone(NOT_FOUND),
    "outreach:feedback": everyone(OK),
    "outreach:feedback_sent": everyone(OK),
    "outreach:feedback_list": only("national_admin"),
    # --- opportunities ---
    "opportunities:list": everyone(OK),
    "opportunities:feed_rss": everyone(OK),
    "opportunities:feed_atom": everyone(OK),
    "opportunities:feed_json": everyone(OK),
    "opportunities:way_in": everyone(OK),
    "opportunities:glossary": everyone(OK),
    # Only published opportunities exist for the public: anything else is 404.
    "opportunities:detail": everyone(NOT_FOUND),
    "opportunities:pdf": everyone(NOT_FOUND),
    "opportunities:ics": everyone(NOT_FOUND),
    "opportunities:apply": signed_in(NOT_FOUND),
    "opportunities:involvement": signed_in(),
    # Researchers, involvement staff and admins write opportunities; finance does not.
    "opportunities:staff_projects": staff(finance=FORBIDDEN),
    # A new project or opportunity belongs to one of the writer's organisations: not national admins'.
    "opportunities:staff_project_new": staff(finance=FORBIDDEN, national_admin=FORBIDDEN),
    "opportunities:staff_project_edit": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_project_delete": staff(NOT_ALLOWED, finance=FORBIDDEN),
    "opportunities:staff_list": staff(finance=FORBIDDEN),
    "opportunities:staff_new": staff(finance=FORBIDDEN, national_admin=FORBIDDEN),
    "opportunities:staff_detail": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_edit": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_submit": staff(NOT_ALLOWED, finance=FORBIDDEN),
    "opportunities:staff_close": staff(NOT_FOUND, finance=FORBIDDEN, national_admin=FORBIDDEN),
    "opportunities:staff_session_new": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_session_edit": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_applicants": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_record_application": only("involvement_staff", "org_admin", outcome=NOT_FOUND),
    "opportunities:staff_draw": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_draw_result": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_invite": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_application": staff(NOT_FOUND, finance=FORBIDDEN),
    "opportunities:staff_mark_contacted": staff(NOT_ALLOWED, finance=FORBIDDEN),
    "opportunities:staff_attendance": staff(NOT_FOUND, finance=FORBIDDEN),
    # Involvement staff review and keep the organisation's lists (jargon, school holidays, levels).
    "opportunities:staff_review": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "opportunities:staff_settings": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    # --- payments ---
    # A person's own payments: the list is shown to anyone signed in (empty without a profile);
    # everything else is 404 until the signed-in person has a contributor profile and the claim is theirs.
    "payments:my_payments": signed_in(),
    "payments:start_claim": signed_in(NOT_FOUND),
    "payments:claim": signed_in(NOT_FOUND),
    "payments:claim_choice": signed_in(NOT_FOUND),
    "payments:check_answers": signed_in(NOT_FOUND),
    "payments:remove_expense": signed_in(NOT_ALLOWED),
    "payments:receipt": signed_in(NOT_FOUND),
    "payments:preferences": signed_in(NOT_FOUND),
    "payments:bank_details": signed_in(NOT_FOUND),
    "payments:statement": signed_in(NOT_FOUND),
    "payments:benefits_letter": signed_in(NOT_FOUND),
    "payments:policy": everyone(NOT_FOUND),
    "payments:policy_pdf": everyone(NOT_FOUND),
    # Involvement staff claim for people without a login; finance alone see full bank details.
    # Finance read a person's payments page (D10); only involvement staff act for the person there.
    "payments:staff_person": only(
        "involvement_staff", "finance", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "payments:staff_statement": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "payments:staff_benefits_letter": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "payments:staff_start_claim": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "payments:staff_preferences": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "payments:staff_bank_details": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "payments:finance_bank_details": only("finance", "national_admin", outcome=NOT_FOUND),
    # Cooling-off holds after bank details change: finance only. National admins read every
    # organisation's records but act for none: releasing holds, resolving alerts, preparing,
    # approving, cancelling and finishing runs and importing confirmations are refused (403).
    "payments:bank_holds": only("finance", "national_admin"),
    "payments:bank_hold_release": only("finance", outcome=NOT_FOUND),
    "payments:staff_claims": only("involvement_staff", "finance", "org_admin", "national_admin"),
    "payments:staff_claim": only(
        "involvement_staff", "finance", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "payments:staff_claim_action": only(
        "involvement_staff", "finance", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "payments:runs": only("finance", "national_admin"),
    "payments:run_start": only("finance", outcome=NOT_ALLOWED),
    "payments:alert_resolve": only("finance", outcome=NOT_FOUND),
    "payments:run": only("finance", "national_admin", outcome=NOT_FOUND),
    "payments:run_approve": only("finance", outcome=NOT_ALLOWED),
    "payments:run_cancel": only("finance", outcome=NOT_FOUND),
    "payments:run_resume": only("finance", outcome=NOT_ALLOWED),
    "payments:run_file": only("finance", "national_admin", outcome=NOT_FOUND),
    "payments:run_confirmations": only("finance", outcome=NOT_FOUND),
    "payments:run_confirmation_template": only("finance", "national_admin", outcome=NOT_FOUND),
    # Organisation admins and finance edit their own organisation's policy; national admins have none.
    "payments:policy_versions": only("finance", "org_admin"),
    "payments:policy_new": only("finance", "org_admin"),
    "payments:csv_layout": only("finance"),
    "payments:finance_settings": only("finance"),
    "payments:cost_plans": staff(),
    "payments:cost_plan": staff(NOT_FOUND),
    "payments:cost_plan_download": staff(NOT_FOUND),
    "payments:project_budget": staff(NOT_FOUND),
    "payments:employment_check": staff(NOT_FOUND, finance=FORBIDDEN),
    # --- engagement ---
    "engagement:processes": everyone(OK),
    # Only published processes and surveys that have been opened exist for the public.
    "engagement:process": everyone(NOT_FOUND),
    "engagement:survey_start": everyone(NOT_FOUND),
    "engagement:survey_begin": everyone(NOT_ALLOWED),
    "engagement:survey_question": everyone(NOT_FOUND),
    "engagement:survey_check": everyone(NOT_FOUND),
    "engagement:survey_done": everyone(NOT_FOUND),
    "engagement:survey_resume": everyone(NOT_FOUND),
    "engagement:survey_pdf": everyone(NOT_FOUND),
    "engagement:staff_survey_pdf": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:public_results": everyone(NOT_FOUND),
    "engagement:staff_themes": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_theme_action": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "engagement:staff_import_answers": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_import_template": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_import": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_import_decide": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "engagement:staff_results": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_results_publish": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "engagement:staff_results_export": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_invite": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_key_in": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_processes": only("involvement_staff", "org_admin", "national_admin"),
    "engagement:staff_process_new": only("involvement_staff", "org_admin", "national_admin"),
    "engagement:staff_process": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_process_edit": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_phase_new": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_phase_edit": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_phase_action": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "engagement:staff_surveys": only("involvement_staff", "org_admin", "national_admin"),
    "engagement:staff_survey_new": only("involvement_staff", "org_admin", "national_admin"),
    "engagement:staff_survey": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_survey_edit": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_survey_status": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    "engagement:staff_question_new": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_question_edit": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_question_action": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    # --- engagement: ideas, prioritisation and actions ---
    "engagement:idea_board": everyone(NOT_FOUND),
    "engagement:idea": everyone(NOT_FOUND),
    "engagement:idea_new": signed_in(NOT_FOUND),
    "engagement:idea_edit": signed_in(NOT_FOUND),
    "engagement:idea_support": signed_in(NOT_ALLOWED),
    "engagement:idea_comment": signed_in(NOT_ALLOWED),
    "engagement:round_vote": signed_in(NOT_FOUND),
    "engagement:staff_priorities": only("involvement_staff", "org_admin", "national_admin"),
    **dict.fromkeys(
        [
            "engagement:staff_ideas",
            "engagement:staff_idea_new",
            "engagement:staff_idea_merge",
            "engagement:staff_idea_split",
            "engagement:staff_rounds",
            "engagement:staff_round_new",
            "engagement:staff_round",
            "engagement:staff_round_key_in",
            "engagement:staff_round_csv",
            "engagement:staff_actions",
            "engagement:staff_action_new",
            "engagement:staff_action_edit",
            "engagement:staff_actions_csv",
        ],
        only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    ),
    "engagement:staff_round_status": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    # --- engagement: events and breakout groups ---
    # Only open, closed or cancelled events of published processes exist for the public.
    "engagement:event": everyone(NOT_FOUND),
    "engagement:event_register": signed_in(NOT_FOUND),
    "engagement:event_cancel": signed_in(NOT_ALLOWED),
    "engagement:event_calendar": everyone(NOT_FOUND),
    "engagement:staff_all_events": only("involvement_staff", "org_admin", "national_admin"),
    **dict.fromkeys(
        (
            "engagement:staff_events",
            "engagement:staff_event_new",
            "engagement:staff_event",
            "engagement:staff_event_edit",
            "engagement:staff_event_register",
            "engagement:staff_registration_cancel",
            "engagement:staff_facilitators",
            "engagement:staff_round_new",
            "engagement:staff_round",
            "engagement:staff_round_edit",
            "engagement:staff_round_print",
            "engagement:staff_round_pdf",
        ),
        only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    ),
    **dict.fromkeys(
        (
            "engagement:staff_event_status",
            "engagement:staff_event_attendance",
            "engagement:staff_event_reminders",
            "engagement:staff_facilitator_remove",
            "engagement:staff_round_allocate",
            "engagement:staff_round_change",
        ),
        only("involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED),
    ),
    # the engagement report
    "engagement:public_report": everyone(NOT_FOUND),
    "engagement:public_report_pdf": everyone(NOT_FOUND),
    "engagement:staff_report": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_report_pdf": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_report_text": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_report_publish": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_ALLOWED
    ),
    # the survey preview
    "engagement:staff_preview": only("involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND),
    "engagement:staff_preview_question": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    "engagement:staff_preview_check": only(
        "involvement_staff", "org_admin", "national_admin", outcome=NOT_FOUND
    ),
    # --- insights: built from equality monitoring answers, so only the roles that may see them ---
    "insights:representation": only("involvement_staff", "org_admin", "national_admin"),
    "insights:trends": only("involvement_staff", "org_admin", "national_admin"),
    "insights:activity": only("involvement_staff", "org_admin", "national_admin"),
    # --- api ---
    "api:api-root": everyone(NOT_FOUND),
    "api:openapi-json": everyone(OK),
    "api:openapi-view": everyone(OK),
    "api:health": everyone(OK),
    "api:list_opportunities": everyone(OK),
    "api:get_opportunity": everyone(NOT_FOUND),
    "api:list_ideas": everyone(OK),
    # Organisation API: token only; a browser session is not enough.
    "api:list_contributors": everyone(UNAUTHORISED),
    "api:upsert_contributor": everyone(UNAUTHORISED),
    "api:get_contributor": everyone(UNAUTHORISED),
    # --- bench: ceiling views for benchmarks, off unless BENCH_VIEWS is set (never in production) ---
    "bench:minimal": everyone(NOT_FOUND),
    "bench:echo": everyone(NOT_FOUND),
    # --- sign-in (django-allauth) ---
    "account_login": everyone(REDIRECT, anonymous=OK),
    "account_logout": signed_in(OK, anonymous=REDIRECT),
    "account_inactive": everyone(OK),
    "account_signup": everyone(REDIRECT, anonymous=OK),
    "account_reauthenticate": signed_in(public=FORBIDDEN),  # public accounts have no password
    "account_email": signed_in(),
    "account_email_verification_sent": signed_in(REDIRECT),
    "account_change_password": signed_in(public=REDIRECT),  # to "set a password"
    "account_set_password": signed_in(REDIRECT, public=OK),  # staff already have one
    "account_reset_password": everyone(OK),
    "account_confirm_login_code": everyone(REDIRECT),
    "account_reset_password_from_key_done": everyone(OK),
    "account_reset_password_from_key": everyone(OK),
    "account_reset_password_done": everyone(OK),
    "account_request_login_code": everyone(REDIRECT, anonymous=OK),
    "mfa_index": signed_in(),
    "mfa_authenticate": everyone(REDIRECT, anonymous=LOGIN),
    "mfa_reauthenticate": signed_in(public=FORBIDDEN),
    "mfa_activate_totp": signed_in(REDIRECT, public=OK),  # staff here already have TOTP
    "mfa_deactivate_totp": signed_in(REDIRECT, public=NOT_FOUND),  # staff: re-authenticate first
    "mfa_view_recovery_codes": signed_in(NOT_FOUND),  # none generated yet
    "mfa_generate_recovery_codes": signed_in(REDIRECT, public=OK),
    "mfa_download_recovery_codes": signed_in(NOT_FOUND),
    # --- Django admin: nobody in these roles is a Django staff user ---
    "admin:*": everyone(LOGIN),
    "admin:login": everyone(OK),
    "admin:logout": everyone(REDIRECT),
}
