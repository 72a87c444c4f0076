"""Engine tests: Hypothesis without per-example deadlines (speed belongs to `make bench`)."""

from __future__ import annotations

from hypothesis import settings

# A loaded machine can take a few hundred milliseconds for one example now and then.
settings.register_profile("engine", deadline=None)
settings.load_profile("engine")
