"""HTML URLs of the halls app."""

from django.urls import path

from . import views

app_name = "halls"

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/new/", views.RegionFormView.as_view(), name="region_create"),
    path("regions/<int:pk>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("regions/<int:pk>/edit/", views.RegionFormView.as_view(), name="region_update"),
    path("halls/", views.HallListView.as_view(), name="hall_list"),
    path("halls/new/", views.HallFormView.as_view(), name="hall_create"),
    path("halls/<int:pk>/", views.HallDetailView.as_view(), name="hall_detail"),
    path("halls/<int:pk>/edit/", views.HallFormView.as_view(), name="hall_update"),
    path("halls/<int:pk>/integration-token/", views.HallTokenIssueView.as_view(), name="hall_token_issue"),
    path("halls/<int:pk>/integration-token/revoke/", views.HallTokenRevokeView.as_view(), name="hall_token_revoke"),
    path("halls/<int:hall_pk>/zones/new/", views.ZoneFormView.as_view(), name="zone_create"),
    path("halls/<int:hall_pk>/zones/<int:pk>/edit/", views.ZoneFormView.as_view(), name="zone_update"),
    path("halls/<int:hall_pk>/zones/<int:pk>/delete/", views.ZoneDeleteView.as_view(), name="zone_delete"),
    path("halls/<int:hall_pk>/special-days/new/", views.SpecialDayFormView.as_view(), name="specialday_create"),
    path(
        "halls/<int:hall_pk>/special-days/<int:pk>/edit/", views.SpecialDayFormView.as_view(), name="specialday_update"
    ),
    path(
        "halls/<int:hall_pk>/special-days/<int:pk>/delete/",
        views.SpecialDayDeleteView.as_view(),
        name="specialday_delete",
    ),
]
