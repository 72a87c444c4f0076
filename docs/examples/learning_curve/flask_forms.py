"""Validate a form in Flask with Flask-WTF: declared fields, validators and a CSRF token."""

from collections.abc import Mapping
from typing import Any

from flask import Flask, redirect, render_template_string, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange


# --8<-- [start:compare]
class RSVPForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired(), Length(max=50)])
    guests = IntegerField("Guests", validators=[InputRequired(), NumberRange(min=1, max=10)])


# --8<-- [end:compare]


PAGE = """<form method="post">{{ form.hidden_tag() }}
<p>{{ form.name.label }} {{ form.name() }}</p>
<p>{{ form.guests.label }} {{ form.guests() }}</p>
{% for field, errors in form.errors.items() %}{% for error in errors %}
<p class="error">{{ form[field].label.text }}: {{ error }}</p>{% endfor %}{% endfor %}
<button>Reply</button></form>"""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY=... signs the CSRF token
    app.config.from_mapping(config or {})

    @app.route("/rsvp", methods=["GET", "POST"])
    def rsvp() -> ResponseReturnValue:
        form = RSVPForm()
        if form.validate_on_submit():  # POST, valid CSRF token, every validator passed
            return redirect(url_for("thanks"))
        return render_template_string(PAGE, form=form)

    @app.get("/rsvp/thanks")
    def thanks() -> str:
        return "Thanks, see you there."

    return app
