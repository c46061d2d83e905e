"""The learned extractor: its artefact round-trips, training is reproducible, and on the dev split it
holds the floors pinned here (floors only go up). The test split is never scored in tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from extractors.learned import pipeline as learned
from extractors.learned.features import text_features
from extractors.learned.model import from_bytes, load_model, to_bytes
from extractors.scoring import row
from extractors.training.evaluate import evaluate
from extractors.training.sentences import load_dir
from extractors.training.train import train

REPO = Path(__file__).resolve().parents[1]
# measured on the dev split when the model was last trained (minus ~0.02); raise them, never lower
DEV_FLOORS = {("micro", "roles"): 0.54, ("micro", "roles+stance"): 0.50,
              ("arms_transfer", "roles"): 0.56, ("sanction", "roles"): 0.43, ("un_violation", "roles"): 0.72}


def test_the_shipped_artefact_round_trips() -> None:
    model = load_model()
    npz, meta = to_bytes(model)
    again = from_bytes(npz, meta)
    rows = [text_features("Iran shipped drones to Russia, Kyiv said."), text_features("The rain stopped.")]
    assert again.version == model.version and set(again.classifiers) == set(model.classifiers)
    np.testing.assert_allclose(again.get("relevance").proba(rows), model.get("relevance").proba(rows))
    assert learned.LEARNED_VERSION.endswith(model.version)


def test_training_is_reproducible_on_a_small_set() -> None:
    from extractors.nlp import load_nlp

    sents = [s for s in load_dir(REPO / "evaluation" / "sentences" / "written", None)
             if s.doc.split(".")[1] < "004"]  # the first 3 documents of each writer
    first, second = train(sents, load_nlp(), log=lambda _: None), train(sents, load_nlp(), log=lambda _: None)
    assert first.version == second.version and first.thresholds == second.thresholds


def test_learned_pipeline_finds_a_plain_transfer_in_our_own_words() -> None:
    text = "Iran delivered hundreds of Shahed drones to Russia last year, US officials said."
    found = [m.to_json() for m in learned.extract_mentions(text)]
    arms = [m for m in found if m["type"] == "arms_transfer"]
    assert arms and arms[0]["supplier"]["country"] == "IRN" and arms[0]["recipient"]["country"] == "RUS"
    assert arms[0]["extractor_version"] == learned.LEARNED_VERSION


@pytest.mark.parametrize("key", sorted(DEV_FLOORS))
def test_dev_split_floor(key: tuple[str, str], dev_scores: dict[tuple[str, str], float]) -> None:
    assert dev_scores[key] >= DEV_FLOORS[key], f"{key} F1 on dev fell to {dev_scores[key]:.3f}"


@pytest.fixture(scope="module")
def dev_scores(corpus: Path) -> dict[tuple[str, str], float]:
    sents = [s for s in load_dir(REPO / "evaluation" / "sentences", corpus) if s.split == "dev"]
    rows, _ = evaluate(sents)
    return {k: row(rows, *k).f1 for k in DEV_FLOORS}
