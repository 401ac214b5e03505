"""The AI provider's side of a call, in the OpenAI Realtime (GA) protocol: session config and server events."""
