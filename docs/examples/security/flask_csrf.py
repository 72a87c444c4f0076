"""A Flask form whose POST is protected by Flask-WTF's CSRFProtect."""

from flask import Flask, render_template_string, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

FORM = """
<form method="post">
  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
  <input name="email"> <button>Subscribe</button>
</form>
"""


def create_app(secret_key: str) -> Flask:
    """Pass a long random key kept out of the code, e.g. ``os.environ["FLASK_SECRET_KEY"]``."""
    if not secret_key:
        raise ValueError("CSRF tokens need a secret key; set one from the environment")
    app = Flask(__name__)
    app.config["SECRET_KEY"] = secret_key  # signs the session that holds the token
    csrf.init_app(app)  # every POST/PUT/PATCH/DELETE now needs a valid token

    @app.route("/subscribe", methods=["GET", "POST"])
    def subscribe() -> str:
        if request.method == "POST":
            # Jinja escapes the value, so "<script>" arrives as "&lt;script&gt;".
            return render_template_string("Subscribed {{ email }}", email=request.form["email"])
        return render_template_string(FORM)

    return app
