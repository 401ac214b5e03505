"""Billing: Stripe webhooks, checkout and usage metering (not built yet; see the billing issue)."""
