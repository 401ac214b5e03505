"""Audio helpers for recordings, analysis and the caller simulator (not the live relay path)."""
