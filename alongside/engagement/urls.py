from django.urls import path

from alongside.engagement.views import answer, imports, invite, paper, preview, public, staff, themes
from alongside.engagement.views import report as report_views
from alongside.engagement.views import results as result_views

app_name = "engagement"

urlpatterns = [
    path("take-part/", public.process_index, name="processes"),
    path("take-part/<slug:slug>/", public.process_page, name="process"),
    path("surveys/<slug:slug>/", answer.survey_start, name="survey_start"),
    path("surveys/<slug:slug>/start/", answer.survey_begin, name="survey_begin"),
    path("surveys/<slug:slug>/questions/<int:position>/", answer.survey_question, name="survey_question"),
    path("surveys/<slug:slug>/check/", answer.survey_check, name="survey_check"),
    path("surveys/<slug:slug>/thank-you/", answer.survey_done, name="survey_done"),
    path("surveys/<slug:slug>/resume/<str:token>/", answer.survey_resume, name="survey_resume"),
    path("surveys/<slug:slug>/paper.pdf", paper.survey_pdf, name="survey_pdf"),
    path("surveys/<slug:slug>/results/", result_views.public_results, name="public_results"),
    # Staff
    path("staff/engagement/processes/", staff.process_list, name="staff_processes"),
    path("staff/engagement/processes/new/", staff.process_new, name="staff_process_new"),
    path("staff/engagement/processes/<int:pk>/", staff.process_detail, name="staff_process"),
    path("staff/engagement/processes/<int:pk>/edit/", staff.process_edit, name="staff_process_edit"),
    path("staff/engagement/processes/<int:pk>/phases/new/", staff.phase_edit, name="staff_phase_new"),
    path(
        "staff/engagement/processes/<int:pk>/phases/<int:phase_pk>/edit/",
        staff.phase_edit,
        name="staff_phase_edit",
    ),
    path(
        "staff/engagement/processes/<int:pk>/phases/<int:phase_pk>/change/",
        staff.phase_action,
        name="staff_phase_action",
    ),
    path("staff/engagement/surveys/", staff.survey_list, name="staff_surveys"),
    path("staff/engagement/surveys/new/", staff.survey_new, name="staff_survey_new"),
    path("staff/engagement/surveys/<int:pk>/", staff.survey_detail, name="staff_survey"),
    path("staff/engagement/surveys/<int:pk>/edit/", staff.survey_edit, name="staff_survey_edit"),
    path("staff/engagement/surveys/<int:pk>/status/", staff.survey_status, name="staff_survey_status"),
    path("staff/engagement/surveys/<int:pk>/questions/new/", staff.question_edit, name="staff_question_new"),
    path(
        "staff/engagement/surveys/<int:pk>/questions/<int:question_pk>/edit/",
        staff.question_edit,
        name="staff_question_edit",
    ),
    path(
        "staff/engagement/surveys/<int:pk>/questions/<int:question_pk>/change/",
        staff.question_action,
        name="staff_question_action",
    ),
    path("staff/engagement/surveys/<int:pk>/paper.pdf", paper.staff_survey_pdf, name="staff_survey_pdf"),
    path("staff/engagement/surveys/<int:pk>/invite/", invite.invite, name="staff_invite"),
    path("staff/engagement/surveys/<int:pk>/key-in/", paper.key_in, name="staff_key_in"),
    path("staff/engagement/surveys/<int:pk>/import/", imports.import_answers, name="staff_import_answers"),
    path(
        "staff/engagement/surveys/<int:pk>/import/headings.csv",
        imports.import_template,
        name="staff_import_template",
    ),
    path(
        "staff/engagement/surveys/<int:pk>/import/<int:batch_pk>/", imports.import_report, name="staff_import"
    ),
    path(
        "staff/engagement/surveys/<int:pk>/import/<int:batch_pk>/decide/",
        imports.import_decide,
        name="staff_import_decide",
    ),
    path(
        "staff/engagement/surveys/<int:pk>/questions/<int:question_pk>/themes/",
        themes.theme_page,
        name="staff_themes",
    ),
    path(
        "staff/engagement/surveys/<int:pk>/questions/<int:question_pk>/themes/change/",
        themes.theme_action,
        name="staff_theme_action",
    ),
    path("staff/engagement/surveys/<int:pk>/results/", result_views.staff_results, name="staff_results"),
    path(
        "staff/engagement/surveys/<int:pk>/results/publish/",
        result_views.publish_results,
        name="staff_results_publish",
    ),
    path(
        "staff/engagement/surveys/<int:pk>/results.<str:fmt>",
        result_views.export_results,
        name="staff_results_export",
    ),
    # --- The engagement report ---
    path("take-part/<slug:slug>/report/", report_views.public_report, name="public_report"),
    path("take-part/<slug:slug>/report.pdf", report_views.public_report_pdf, name="public_report_pdf"),
    path("staff/engagement/processes/<int:pk>/report/", report_views.staff_report, name="staff_report"),
    path(
        "staff/engagement/processes/<int:pk>/report.pdf",
        report_views.staff_report_pdf,
        name="staff_report_pdf",
    ),
    path(
        "staff/engagement/processes/<int:pk>/report/publish/",
        report_views.staff_report_publish,
        name="staff_report_publish",
    ),
    path(
        "staff/engagement/processes/<int:pk>/report/<slug:part>/",
        report_views.staff_report_text,
        name="staff_report_text",
    ),
    # --- The survey preview, for staff ---
    path("staff/engagement/surveys/<int:pk>/preview/", preview.preview_start, name="staff_preview"),
    path(
        "staff/engagement/surveys/<int:pk>/preview/questions/<int:position>/",
        preview.preview_question,
        name="staff_preview_question",
    ),
    path(
        "staff/engagement/surveys/<int:pk>/preview/check/", preview.preview_check, name="staff_preview_check"
    ),
]

# --- Events and breakout groups ---
from alongside.engagement.views import breakout as breakout_views  # noqa: E402
from alongside.engagement.views import events as event_views  # noqa: E402

_EVENT = "take-part/<slug:process_slug>/events/<slug:slug>/"
_STAFF_EVENT = "staff/engagement/processes/<int:pk>/events/<int:event_pk>/"
_ROUND = _STAFF_EVENT + "rounds/<int:round_pk>/"
urlpatterns += [
    path(_EVENT, event_views.event_page, name="event"),
    path(_EVENT + "register/", event_views.register, name="event_register"),
    path(_EVENT + "cancel/", event_views.cancel_own, name="event_cancel"),
    path(_EVENT + "event.ics", event_views.calendar, name="event_calendar"),
    path("staff/engagement/events/", event_views.all_events, name="staff_all_events"),
    path("staff/engagement/processes/<int:pk>/events/", event_views.event_list, name="staff_events"),
    path("staff/engagement/processes/<int:pk>/events/new/", event_views.event_edit, name="staff_event_new"),
    path(_STAFF_EVENT, event_views.event_detail, name="staff_event"),
    path(_STAFF_EVENT + "edit/", event_views.event_edit, name="staff_event_edit"),
    path(_STAFF_EVENT + "status/", event_views.event_status, name="staff_event_status"),
    path(_STAFF_EVENT + "register/", event_views.staff_register, name="staff_event_register"),
    path(
        _STAFF_EVENT + "registrations/<int:registration_pk>/cancel/",
        event_views.staff_cancel,
        name="staff_registration_cancel",
    ),
    path(_STAFF_EVENT + "attendance/", event_views.attendance, name="staff_event_attendance"),
    path(_STAFF_EVENT + "reminders/", event_views.reminders, name="staff_event_reminders"),
    path(_STAFF_EVENT + "facilitators/", breakout_views.facilitators, name="staff_facilitators"),
    path(
        _STAFF_EVENT + "facilitators/<int:facilitator_pk>/remove/",
        breakout_views.facilitator_remove,
        name="staff_facilitator_remove",
    ),
    path(_STAFF_EVENT + "rounds/new/", breakout_views.round_edit, name="staff_round_new"),
    path(_ROUND, breakout_views.round_detail, name="staff_round"),
    path(_ROUND + "edit/", breakout_views.round_edit, name="staff_round_edit"),
    path(_ROUND + "allocate/", breakout_views.round_allocate, name="staff_round_allocate"),
    path(_ROUND + "change/", breakout_views.round_change, name="staff_round_change"),
    path(_ROUND + "print/", breakout_views.round_print, name="staff_round_print"),
    path(_ROUND + "groups.pdf", breakout_views.round_pdf, name="staff_round_pdf"),
]

# --- Ideas, prioritisation and actions (views/ideas.py, views/rounds.py) ---
from alongside.engagement.views import ideas as idea_views  # noqa: E402
from alongside.engagement.views import rounds as round_views  # noqa: E402

urlpatterns += [
    path("take-part/<slug:slug>/topics/<int:topic_pk>/ideas/", idea_views.board, name="idea_board"),
    path("take-part/<slug:slug>/topics/<int:topic_pk>/ideas/new/", idea_views.idea_new, name="idea_new"),
    path("take-part/<slug:slug>/ideas/<int:pk>/", idea_views.idea_page, name="idea"),
    path("take-part/<slug:slug>/ideas/<int:pk>/support/", idea_views.idea_support, name="idea_support"),
    path("take-part/<slug:slug>/ideas/<int:pk>/comment/", idea_views.idea_comment, name="idea_comment"),
    path("take-part/<slug:slug>/ideas/<int:pk>/edit/", idea_views.idea_edit, name="idea_edit"),
    path("take-part/<slug:slug>/rounds/<int:pk>/", round_views.round_vote, name="round_vote"),
    path("staff/engagement/priorities/", idea_views.staff_overview, name="staff_priorities"),
    path("staff/engagement/processes/<int:pk>/ideas/", idea_views.staff_ideas, name="staff_ideas"),
    path("staff/engagement/processes/<int:pk>/ideas/new/", idea_views.staff_idea_new, name="staff_idea_new"),
    path(
        "staff/engagement/processes/<int:pk>/ideas/merge/",
        idea_views.staff_idea_merge,
        name="staff_idea_merge",
    ),
    path(
        "staff/engagement/processes/<int:pk>/ideas/<int:idea_pk>/split/",
        idea_views.staff_idea_split,
        name="staff_idea_split",
    ),
    path("staff/engagement/processes/<int:pk>/rounds/", round_views.staff_rounds, name="staff_rounds"),
    path(
        "staff/engagement/processes/<int:pk>/rounds/new/", round_views.staff_round_new, name="staff_round_new"
    ),
    path("staff/engagement/rounds/<int:pk>/", round_views.staff_round, name="staff_round"),
    path(
        "staff/engagement/rounds/<int:pk>/status/", round_views.staff_round_status, name="staff_round_status"
    ),
    path(
        "staff/engagement/rounds/<int:pk>/key-in/", round_views.staff_round_key_in, name="staff_round_key_in"
    ),
    path("staff/engagement/rounds/<int:pk>/results.csv", round_views.staff_round_csv, name="staff_round_csv"),
    path("staff/engagement/processes/<int:pk>/actions/", round_views.staff_actions, name="staff_actions"),
    path(
        "staff/engagement/processes/<int:pk>/actions/new/",
        round_views.staff_action_new,
        name="staff_action_new",
    ),
    path(
        "staff/engagement/processes/<int:pk>/actions/<int:action_pk>/edit/",
        round_views.staff_action_edit,
        name="staff_action_edit",
    ),
    path(
        "staff/engagement/processes/<int:pk>/actions.csv",
        round_views.staff_actions_csv,
        name="staff_actions_csv",
    ),
]
