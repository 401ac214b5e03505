"""Management API: the dashboard's only backend; owns all tenant data."""
