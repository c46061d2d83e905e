"""Package data: the trained artefact of the learned extractor (learned.npz, learned.json)."""
