"""HTML views of the inspections app, one module per area; each module lists its own urlpatterns."""
