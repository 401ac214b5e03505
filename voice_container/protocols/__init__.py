"""Wire formats: one pure module per external protocol (text in, typed messages out, and back)."""
