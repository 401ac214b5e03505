"""Vocadesk's shared domain library: models, the event contract, storage and business rules.

Bundled into every Lambda and the voice container. It never imports from `functions/`,
`voice_container/` or `local_platform/`, and holds no Lambda or HTTP types.
"""
