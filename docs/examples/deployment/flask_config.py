"""Flask configuration: safe defaults in code, secrets and overrides from FLASK_* variables."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///dev.db",
        MAX_CONTENT_LENGTH=1_000_000,
    )
    # --8<-- [start:compare]
    # FLASK_SECRET_KEY=... sets SECRET_KEY; values are parsed as JSON when they can be,
    # so FLASK_MAX_CONTENT_LENGTH=5000000 becomes an int and FLASK_TRUSTED_HOSTS='["a.com"]'
    # a list. Added in Flask 2.1.
    app.config.from_prefixed_env()
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("Set FLASK_SECRET_KEY in the environment")
    # --8<-- [end:compare]
    return app
