"""Voice runtime: the long-running asyncio server bridging callers to the AI provider (built in the voice issue)."""
