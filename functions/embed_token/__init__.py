"""Embed gateway: mints short-lived call tokens for allowed website origins (built in the web-calls issue)."""
