from django.urls import path

from alongside.people import partner_views, views

app_name = "people"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thank-you/", views.joined, name="joined"),
    path("join/paper-form.pdf", views.join_paper_form, name="join_pdf"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/edit/", views.my_profile_edit, name="my_profile_edit"),
    path("me/consent/<str:purpose>/", views.my_consent, name="my_consent"),
    path("me/equality/", views.my_equality, name="my_equality"),
    path("me/invitations/<int:pk>/", views.my_invitation_reply, name="my_invitation_reply"),
    path("me/data.<str:fmt>", views.my_data, name="my_data"),
    path("me/erase/", views.my_erasure, name="my_erasure"),
    path("staff/people/", views.contributor_list, name="list"),
    path("staff/people/new/", views.contributor_create, name="create"),
    path("staff/people/<int:pk>/", views.contributor_detail, name="detail"),
    path("staff/people/<int:pk>/edit/", views.contributor_edit, name="edit"),
    path("staff/people/<int:pk>/status/", views.contributor_status, name="status"),
    path("staff/people/<int:pk>/consent/<str:purpose>/", views.contributor_consent, name="consent"),
    path("staff/people/<int:pk>/equality/", views.contributor_equality, name="equality"),
    path("staff/people/<int:pk>/data.<str:fmt>", views.contributor_data, name="data"),
    path("staff/people/<int:pk>/erase/", views.contributor_erase, name="erase"),
    path("staff/people/<int:pk>/merge/<int:other>/", views.contributor_merge, name="merge"),
    path("staff/search/", views.search, name="search"),
    path("staff/search/invite/<str:token>/", views.invite, name="invite"),
    path("staff/invitations/", views.sent_invitations, name="sent_invitations"),
    path("staff/people/import/", views.import_upload, name="import_upload"),
    path("staff/people/import/<int:pk>/", views.import_detail, name="import_detail"),
    path("staff/partners/", partner_views.partner_list, name="partners"),
    path("staff/partners/new/", partner_views.partner_edit, name="partner_create"),
    path("staff/partners/<int:pk>/", partner_views.partner_detail, name="partner_detail"),
    path("staff/partners/<int:pk>/edit/", partner_views.partner_edit, name="partner_edit"),
    path("staff/partners/<int:pk>/contacts/", partner_views.contact_add, name="partner_contact_add"),
    path("staff/partners/<int:pk>/champions/", partner_views.champion_add, name="partner_champion_add"),
]
