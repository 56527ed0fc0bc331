"""Settings from the environment, secrets.toml or defaults (salesdash/config.py)."""

from __future__ import annotations

import pytest

from salesdash import config


@pytest.fixture
def secrets_file(tmp_path, monkeypatch):
    path = tmp_path / "secrets.toml"
    monkeypatch.setattr(config, "secrets_files", lambda: [path])
    for env, _ in config.SETTINGS.values():
        monkeypatch.delenv(env, raising=False)
    monkeypatch.delenv("SALESDASH_DB", raising=False)
    return path


def test_without_settings_the_workspace_is_in_the_project_data_folder(secrets_file):
    assert config.default_db_path() == config.PROJECT_ROOT / "data" / "salesdash.duckdb"
    assert config.setting_with_source("currency_symbol") == ("", "default")


def test_secrets_set_the_data_folder_and_the_environment_overrides_them(
    secrets_file, tmp_path, monkeypatch
):
    secrets_file.write_text(
        '[salesdash]\ndata_dir = "/srv/salesdash"\ndefault_language = "zh"\n', encoding="utf-8"
    )
    assert config.default_db_path().as_posix() == "/srv/salesdash/salesdash.duckdb"
    assert config.setting_with_source("default_language") == ("zh", "secrets")
    monkeypatch.setenv("SALESDASH_DATA_DIR", str(tmp_path / "mounted"))
    assert config.default_db_path() == tmp_path / "mounted" / "salesdash.duckdb"
    assert config.setting_with_source("data_dir")[1] == "SALESDASH_DATA_DIR"
    monkeypatch.setenv("SALESDASH_DB", str(tmp_path / "test.duckdb"))
    assert config.default_db_path() == tmp_path / "test.duckdb"
    # the folder in use is the database file's: its originals sit beside it
    assert config.setting_with_source("data_dir") == (str(tmp_path), "SALESDASH_DB")


def test_a_changed_secrets_file_applies_without_a_restart(secrets_file):
    secrets_file.write_text('[salesdash]\ncurrency_symbol = "¥"\n', encoding="utf-8")
    assert config.setting("currency_symbol") == "¥"
    secrets_file.write_text('[salesdash]\ncurrency_symbol = "€"\n', encoding="utf-8")
    assert config.setting("currency_symbol") == "€"
