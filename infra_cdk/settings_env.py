"""Environment variables for the deployables, named from `vocadesk.settings.Settings` so a typo fails at synth."""

from __future__ import annotations

from vocadesk.settings import Settings

PREFIX = "VOCADESK_"
SECRET_FIELDS = {name for name, field in Settings.model_fields.items() if "SecretStr" in str(field.annotation)}


def env_name(field: str) -> str:
    """`table_name` -> `VOCADESK_TABLE_NAME`; only for fields Settings has."""
    if field not in Settings.model_fields:
        raise KeyError(f"vocadesk.settings.Settings has no field {field!r}")
    return PREFIX + field.upper()


def settings_env(**values: object) -> dict[str, str]:
    """Plain settings as environment variables. Secrets never go here: they come from Secrets Manager."""
    leaked = SECRET_FIELDS & set(values)
    if leaked:
        raise ValueError(f"secret settings must come from Secrets Manager, not the environment: {sorted(leaked)}")
    return {env_name(field): str(value) for field, value in values.items()}
