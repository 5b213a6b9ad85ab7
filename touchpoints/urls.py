"""HTML URLs of the touchpoints app."""

from django.urls import path, register_converter

from . import views


class TouchpointCodeConverter:
    """TP01..TP16 in a URL; lower case is accepted and the views look the code up in upper case."""

    regex = "[Tt][Pp][0-9]{2}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


register_converter(TouchpointCodeConverter, "tp")

app_name = "touchpoints"

urlpatterns = [
    path("touchpoints/", views.TouchpointListView.as_view(), name="touchpoint_list"),
    path("touchpoints/maps/", views.MapListView.as_view(), name="touchpoint_maps"),
    path("touchpoints/<tp:code>/", views.TouchpointDetailView.as_view(), name="touchpoint_detail"),
    path("touchpoints/<tp:code>/edit/", views.TouchpointFormView.as_view(), name="touchpoint_update"),
    path("touchpoints/<tp:code>/blueprint/", views.BlueprintView.as_view(), name="touchpoint_blueprint"),
    path(
        "touchpoints/<tp:code>/blueprint/steps/new/",
        views.BlueprintStepFormView.as_view(),
        name="touchpoint_step_create",
    ),
    path(
        "touchpoints/<tp:code>/blueprint/steps/<int:pk>/edit/",
        views.BlueprintStepFormView.as_view(),
        name="touchpoint_step_update",
    ),
    path(
        "touchpoints/<tp:code>/blueprint/steps/<int:pk>/delete/",
        views.BlueprintStepDeleteView.as_view(),
        name="touchpoint_step_delete",
    ),
    path("touchpoints/<tp:code>/standards/new/", views.StandardCreateView.as_view(), name="touchpoint_standard_create"),
    path("touchpoints/standards/<int:pk>/", views.StandardDetailView.as_view(), name="touchpoint_standard_detail"),
    path("touchpoints/standards/<int:pk>/edit/", views.StandardEditView.as_view(), name="touchpoint_standard_update"),
    path("halls/<int:pk>/touchpoints/", views.HallMapView.as_view(), name="hall_touchpoints"),
]
