from django.urls import path

from alongside.accounts import organisation_views, team_views, views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account_home, name="home"),
    path("account/stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/access-log/", views.access_log_list, name="access_log"),
    path("accounts/code/continue/", views.code_continue, name="code_continue"),
    path("accounts/invitation/<str:token>/", team_views.invitation, name="invitation"),
]
urlpatterns += [
    path("staff/team/", team_views.team_list, name="team"),
    path("staff/team/invite/", team_views.team_invite, name="team_invite"),
    path("staff/team/invitations/", team_views.team_invitations, name="team_invitations"),
    path("staff/team/invitations/<int:pk>/resend/", team_views.invitation_resend, name="invitation_resend"),
    path("staff/team/invitations/<int:pk>/cancel/", team_views.invitation_cancel, name="invitation_cancel"),
    path("staff/team/changes/", team_views.team_changes, name="team_changes"),
    path("staff/team/<slug:organisation>/<int:user_pk>/", team_views.team_member, name="team_member"),
    path("staff/team/<slug:organisation>/<int:user_pk>/remove/", team_views.team_remove, name="team_remove"),
    path("staff/organisations/", organisation_views.organisation_list, name="organisations"),
    path("staff/organisations/new/", organisation_views.organisation_create, name="organisation_create"),
    path("staff/organisations/<int:pk>/", organisation_views.organisation_detail, name="organisation"),
    path(
        "staff/organisations/<int:pk>/edit/", organisation_views.organisation_edit, name="organisation_edit"
    ),
    path(
        "staff/organisations/<int:pk>/delete/",
        organisation_views.organisation_delete,
        name="organisation_delete",
    ),
]
