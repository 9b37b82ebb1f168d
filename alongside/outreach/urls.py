from django.urls import path

from alongside.outreach import views

app_name = "outreach"

urlpatterns = [
    path("outreach/", views.message_list, name="messages"),
    path("outreach/messages/<int:pk>/", views.message_detail, name="message"),
    path("outreach/letters/", views.letters_to_post, name="letters_to_post"),
    path("outreach/print-packs/<int:pk>/posted/", views.print_pack_posted, name="print_pack_posted"),
    path("outreach/print-packs/<int:pk>/<str:part>/", views.print_pack_file, name="print_pack_file"),
    path("outreach/people/<int:pk>/messages/", views.person_messages, name="person_messages"),
    path("outreach/calls/", views.call_list, name="call_list"),
    path("outreach/calls/<int:pk>/", views.record_call, name="record_call"),
    path("outreach/compose/", views.compose, name="compose"),
    path("outreach/audiences/", views.audiences, name="audiences"),
    path("outreach/templates/", views.templates, name="templates"),
    path("outreach/buddies/", views.buddy_overview, name="buddies"),
    path("outreach/buddies/people/<int:pk>/", views.buddy_match, name="buddy_match"),
    path("outreach/buddies/people/<int:pk>/lend/", views.lend, name="lend"),
    path("outreach/buddies/loans/<int:pk>/followed-up/", views.loan_followed_up, name="loan_followed_up"),
    path("messages/preferences/<str:token>/", views.preferences, name="preferences"),
    path("feedback/", views.feedback_form, name="feedback"),
    path("feedback/sent/", views.feedback_sent, name="feedback_sent"),
    path("outreach/feedback/", views.feedback_list, name="feedback_list"),
]
