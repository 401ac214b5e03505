"""Lambda functions, one folder each. A handler parses, authorizes, calls `vocadesk/` and shapes the response."""
