"""One package per kind of finding, with the same files in each:

- `__init__.py`  TYPE (a value of extractors.vocabulary.FINDING_TYPES) and `build`;
- `build.py`     `build(decision, ctx) -> list[Mention]`: the trained classifiers' decision for one
                 sentence (extractors.learned.decide) turned into mentions of this kind;
- `normalise.py` the rules that normalise what the kind carries (weapon categories; measures and
                 programmes; resolution numbers and regimes).

`KINDS` maps each finding type to its package's `build` (a plain import: adding a kind is a new
package, one line here, its labels, and `make train`).
"""

from __future__ import annotations

from collections.abc import Callable

from extractors.context import SentenceContext
from extractors.kinds import arms_transfer, sanction, un_violation
from extractors.learned.decide import Decision
from extractors.records import Mention

Build = Callable[[Decision, SentenceContext, str], list[Mention]]
KINDS: dict[str, Build] = {
    arms_transfer.TYPE: arms_transfer.build,
    sanction.TYPE: sanction.build,
    un_violation.TYPE: un_violation.build,
}
