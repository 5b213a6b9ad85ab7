"""HTML URLs of the touchpoints app."""

from django.urls import path, register_converter

from . import views, views_complaints, views_voice


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
    # The customer's voice (docs/customer-voice.md).
    path("halls/<int:pk>/customer-voice/", views_voice.HallVoiceView.as_view(), name="hall_voice"),
    path("halls/<int:pk>/customer-voice/upload/", views_voice.VoiceUploadView.as_view(), name="voice_upload"),
    path(
        "halls/<int:pk>/customer-voice/batches/<int:batch_pk>/",
        views_voice.VoiceBatchView.as_view(),
        name="voice_batch",
    ),
    path("complaints/", views_complaints.ComplaintListView.as_view(), name="complaint_list"),
    path("complaints/new/", views_complaints.ComplaintCreateView.as_view(), name="complaint_create"),
    path("complaints/export.csv", views_complaints.ComplaintExportView.as_view(), name="complaint_export"),
    path("complaints/on-duty/", views_complaints.on_duty, name="complaint_on_duty"),
    path("complaints/<int:pk>/", views_complaints.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("complaints/<int:pk>/edit/", views_complaints.ComplaintEditView.as_view(), name="complaint_update"),
    path("complaints/<int:pk>/steps/", views_complaints.ComplaintStepView.as_view(), name="complaint_step_add"),
]
