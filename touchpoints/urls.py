"""HTML URLs of the touchpoints app."""

app_name = "touchpoints"

urlpatterns: list = []
