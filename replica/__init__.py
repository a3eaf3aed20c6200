"""A deterministic replica of a county portal, served on loopback, with a ground-truth manifest."""
