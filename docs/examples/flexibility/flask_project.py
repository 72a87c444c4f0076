"""An application factory: build and configure a Flask app, then register blueprints on it."""

from collections.abc import Mapping
from typing import Any

from flask import Flask

from examples.flexibility.flask_catalog import bp as catalog


# --8<-- [start:compare]
def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(CATALOG_PREFIX="/catalog")  # defaults first
    app.config.from_mapping(config or {})  # then per-instance overrides (tests, tenants)
    app.register_blueprint(catalog, url_prefix=app.config["CATALOG_PREFIX"])
    return app


# --8<-- [end:compare]
