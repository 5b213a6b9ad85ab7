"""HTML views of the performance app, one module per area."""
