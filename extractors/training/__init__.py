"""Training data and training of the learned extractor: sentence labels, splits, features, fitting.

`make train` runs `python -m extractors.training.train`; `python -m extractors.training.check FILE...`
checks label files. The artefact it writes ships as package data (extractors/model/).
"""
