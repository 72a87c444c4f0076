"""The fixed vocabulary of criteria that answers weigh on: one per topic page of the guide."""

from __future__ import annotations

from typing import Final

# Criterion id -> the label shown in the result's breakdown. The ids are the guide's page slugs.
CRITERIA: Final[dict[str, str]] = {
    "philosophy": "Built-in features",
    "performance": "Performance",
    "learning-curve": "Learning curve",
    "flexibility": "Flexibility and structure",
    "database": "Database and ORM",
    "admin": "Admin interface",
    "security": "Security",
    "async": "Async and real time",
    "deployment": "Deployment",
    "ecosystem": "Ecosystem and APIs",
}

FRAMEWORKS: Final[tuple[str, str]] = ("flask", "django")
