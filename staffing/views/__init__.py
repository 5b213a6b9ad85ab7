"""HTML views of the staffing app, one module per domain word."""
