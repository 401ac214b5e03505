from pathlib import Path

from vocadesk.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_settings_come_from_vocadesk_prefixed_environment(monkeypatch):
    monkeypatch.setenv("VOCADESK_TABLE_NAME", "prod-vocadesk")
    monkeypatch.setenv("VOCADESK_GATEWAY_PORT", "9000")

    settings = Settings()

    assert settings.table_name == "prod-vocadesk"
    assert settings.gateway_port == 9000


def test_every_setting_is_documented_in_the_readme():
    readme = README.read_text()

    missing = [f"VOCADESK_{name.upper()}" for name in Settings.model_fields if f"VOCADESK_{name.upper()}" not in readme]

    assert missing == []
