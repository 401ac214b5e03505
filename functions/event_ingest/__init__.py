"""Event ingest: the only writer of call history, fed call events from the bus (through SQS)."""
