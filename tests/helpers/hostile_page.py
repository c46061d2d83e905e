"""A generated hostile page: about 1 MB of varied cue sentences (written for these tests), every one a
plausible finding, so that nothing but a bound stops the extractor."""

from __future__ import annotations

import random

_STATES = ["North Korea", "Iran", "Russia", "Belarus", "Syria", "Venezuela", "Myanmar", "Eritrea", "Libya",
           "Sudan", "Cuba", "China", "Pakistan", "Serbia", "Egypt", "Turkey"]
_GROUPS = ["the Wagner Group", "the Houthis", "Hezbollah", "Hamas", "al-Shabaab", "the Taliban"]
_WEAPONS = ["artillery shells", "drones", "ballistic missiles", "rifles", "tanks", "rocket launchers",
            "anti-aircraft missiles", "mortar rounds", "attack helicopters", "landmines"]
_AUTHORITIES = ["The United States", "The European Union", "The United Kingdom", "Canada", "Japan",
                "The Treasury Department", "The UN Security Council"]
_MEASURES = ["froze the assets of", "imposed sanctions on", "banned exports to", "imposed a travel ban on"]
_SOURCES = ["a defence ministry spokesman said", "officials said on Tuesday", "a UN panel reported",
            "according to a leaked report", "the foreign minister told reporters"]
_TEMPLATES = [
    "{s} delivered {n} {w} to {r} in {m}, {src}.",
    "{s} shipped {w} to {r} by rail last {m}, {src}.",
    "{a} {meas} {t} over its role in supplying {w} to {r}.",
    "{s} violated Security Council resolution {res} by transferring {w} to {r}, {src}.",
    "{s} denied sending any {w} to {r}, {src}.",
    "{s} plans to supply {r} with {n} {w} next year, {src}.",
]
_MONTHS = ["January", "March", "May", "July", "September", "November"]


def hostile_text(size: int = 1_000_000, seed: int = 10) -> str:
    """`size` characters or more of cue sentences, in paragraphs of ten."""
    rng = random.Random(seed)
    sentences: list[str] = []
    length = 0
    while length < size:
        s, r = rng.sample(_STATES + _GROUPS, 2)
        text = rng.choice(_TEMPLATES).format(
            s=s[0].upper() + s[1:], r=r, w=rng.choice(_WEAPONS), n=rng.randint(2, 900), m=rng.choice(_MONTHS),
            src=rng.choice(_SOURCES), a=rng.choice(_AUTHORITIES), meas=rng.choice(_MEASURES),
            t=rng.choice(_STATES), res=rng.choice(["1718", "2231", "2270", "1970", "2397"]))
        sentences.append(text)
        length += len(text) + 1
    return "\n\n".join(" ".join(sentences[i:i + 10]) for i in range(0, len(sentences), 10))


def hostile_html(size: int = 1_000_000, seed: int = 10) -> bytes:
    """The same as an article page."""
    paragraphs = "".join(f"<p>{p}</p>\n" for p in hostile_text(size, seed).split("\n\n"))
    return (f"<html><head><title>Arms shipments: the full list</title></head><body><article>"
            f"<h1>Arms shipments: the full list</h1>{paragraphs}</article></body></html>").encode()
