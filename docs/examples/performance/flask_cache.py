"""Cache a slow Flask view for 60 seconds with Flask-Caching (Flask has no cache of its own)."""

from itertools import count

from flask import Flask
from flask_caching import Cache

cache = Cache()
_runs = count(1)


def build_report(year: int) -> dict[str, int]:
    """Stand-in for an expensive query; `run` shows how often it really executed."""
    return {"year": year, "run": next(_runs)}


def create_app() -> Flask:
    app = Flask(__name__)
    # SimpleCache lives in this process's memory; use "RedisCache" or
    # "MemcachedCache" so that every worker process shares one cache.
    app.config.from_mapping(CACHE_TYPE="SimpleCache", CACHE_DEFAULT_TIMEOUT=60)
    cache.init_app(app)

    # --8<-- [start:compare]
    @app.get("/report/<int:year>")
    @cache.cached(timeout=60)  # key: the request path
    def report(year: int) -> dict[str, int]:
        return build_report(year)

    # --8<-- [end:compare]

    return app
