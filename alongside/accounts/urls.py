from django.urls import path

from alongside.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/", views.account_home, name="home"),
    path("account/stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/access-log/", views.access_log_list, name="access_log"),
    path("accounts/code/continue/", views.code_continue, name="code_continue"),
]
urlpatterns += [
    path("staff/team/", views.team_list, name="team"),
    path("staff/team/<int:pk>/", views.team_member, name="team_member"),
]
