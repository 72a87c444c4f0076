"""A complete Flask application: one page that greets the name given in the URL."""

from flask import Flask, render_template_string

app = Flask(__name__)

PAGE = "<h1>Hello, {{ name }}!</h1><p>Served by Flask.</p>"


# --8<-- [start:compare]
@app.get("/hello/<name>")
def hello(name: str) -> str:
    # Jinja escapes {{ name }}, so /hello/<script> cannot inject markup.
    return render_template_string(PAGE, name=name)


# --8<-- [end:compare]
