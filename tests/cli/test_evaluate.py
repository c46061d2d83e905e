"""flows.cli.evaluate (the eval command's I/O half): it extracts with the model the settings name."""

from __future__ import annotations

import pytest

from extractors.errors import MonitorError
from flows.cli.evaluate import file_predictor
from flows.settings import Settings


def test_eval_loads_the_model_the_settings_name() -> None:
    unknown = Settings.load(env={}, spacy_model="no_such_model", spacy_fallback="no_such_fallback")
    with pytest.raises(MonitorError, match="no_such_model"):
        file_predictor(unknown)


def test_eval_command_passes_the_environment_setting_down() -> None:
    from typer.testing import CliRunner

    from flows.cli import app

    env = {"SANCTIONS_MONITOR_SPACY_MODEL": "no_such_model", "SANCTIONS_MONITOR_SPACY_FALLBACK": "nor_this"}
    got = CliRunner().invoke(app, ["eval"], env=env)
    if "not evaluated" in got.output:
        pytest.skip("the corpus is absent: eval stops before loading a model")
    assert got.exit_code == 1 and "no_such_model" in got.output
