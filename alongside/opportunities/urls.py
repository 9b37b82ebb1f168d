from django.urls import path

from alongside.opportunities import feeds, staff_views, views

app_name = "opportunities"

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="list"),
    path("opportunities/feed/rss/", feeds.OpenOpportunitiesFeed(), name="feed_rss"),
    path("opportunities/feed/atom/", feeds.OpenOpportunitiesAtom(), name="feed_atom"),
    path("opportunities/feed.json", views.json_feed, name="feed_json"),
    path("opportunities/<slug:slug>/", views.opportunity_detail, name="detail"),
    path("opportunities/<slug:slug>/print.pdf", views.opportunity_pdf, name="pdf"),
    path("opportunities/<slug:slug>/sessions.ics", views.opportunity_ics, name="ics"),
    path("opportunities/<slug:slug>/apply/", views.apply, name="apply"),
    path("way-in/", views.way_in, name="way_in"),
    path("glossary/", views.glossary, name="glossary"),
    path("account/involvement/", views.involvement, name="involvement"),
    # Staff
    path("staff/projects/", staff_views.project_list, name="staff_projects"),
    path("staff/projects/new/", staff_views.project_new, name="staff_project_new"),
    path("staff/projects/<int:pk>/edit/", staff_views.project_edit, name="staff_project_edit"),
    path("staff/projects/<int:pk>/delete/", staff_views.project_delete, name="staff_project_delete"),
    path("staff/opportunities/", staff_views.staff_list, name="staff_list"),
    path("staff/opportunities/new/", staff_views.opportunity_new, name="staff_new"),
    path("staff/opportunities/<int:pk>/", staff_views.staff_detail, name="staff_detail"),
    path("staff/opportunities/<int:pk>/edit/", staff_views.opportunity_edit, name="staff_edit"),
    path("staff/opportunities/<int:pk>/submit/", staff_views.submit, name="staff_submit"),
    path("staff/opportunities/<int:pk>/review/", staff_views.review, name="staff_review"),
    path("staff/opportunities/<int:pk>/close/", staff_views.close, name="staff_close"),
    path("staff/opportunities/<int:pk>/sessions/new/", staff_views.session_edit, name="staff_session_new"),
    path(
        "staff/opportunities/<int:pk>/sessions/<int:session_pk>/edit/",
        staff_views.session_edit,
        name="staff_session_edit",
    ),
    path("staff/opportunities/<int:pk>/applicants/", staff_views.applicants, name="staff_applicants"),
    path(
        "staff/opportunities/<int:pk>/applicants/record/",
        staff_views.record_application,
        name="staff_record_application",
    ),
    path("staff/opportunities/<int:pk>/draw/", staff_views.draw, name="staff_draw"),
    path("staff/opportunities/<int:pk>/invite/", staff_views.invite, name="staff_invite"),
    path("staff/applications/<int:pk>/", staff_views.application_detail, name="staff_application"),
    path("staff/applications/<int:pk>/told/", staff_views.mark_contacted, name="staff_mark_contacted"),
    path("staff/draws/<int:pk>/", staff_views.draw_result, name="staff_draw_result"),
    path("staff/sessions/<int:pk>/attendance/", staff_views.attendance, name="staff_attendance"),
    path("staff/opportunity-settings/<slug:kind>/", staff_views.org_settings, name="staff_settings"),
]
