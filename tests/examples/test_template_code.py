"""The driver compiles the source Jinja generates for a template once, parses a template string
once per environment, and renders the same."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.examples.scenario_runs import ROOT

# In a fresh interpreter: the driver's cache replaces a hook of Jinja's Environment class.
SCRIPT = """
import json
import flask
import jinja2
from scripts import example_driver

compiled = []
compile_source = jinja2.Environment._compile
def counting(self, source, filename):
    compiled.append(filename)
    return compile_source(self, source, filename)
jinja2.Environment._compile = counting
parsed = []
parse = jinja2.Environment._parse
def counting_parses(self, source, name, filename):
    parsed.append(id(self))
    return parse(self, source, name, filename)
jinja2.Environment._parse = counting_parses
example_driver._keep_compiled_templates()
page = "{{ name|upper }}:{% for i in range(3) %}{{ i }}{% endfor %}"
shown = []
for shout in (False, False, True):
    app = flask.Flask("example")
    if shout:  # another environment's filter: Jinja's own parse, the same compiled source
        app.jinja_env.filters["upper"] = lambda text: text.upper() + "!"
    with app.app_context():
        shown.append(flask.render_template_string(page, name="ada"))
        shown.append(flask.render_template_string(page, name="bo"))  # the same environment
print(json.dumps({"shown": shown, "compiled": len(compiled), "parsed": len(parsed)}))
"""


def test_a_template_string_is_compiled_once_parsed_once_an_app_and_rendered_with_its_filters() -> (
    None
):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == {
        "shown": ["ADA:012", "BO:012", "ADA:012", "BO:012", "ADA!:012", "BO!:012"],
        "compiled": 1,
        "parsed": 3,  # once in each app's environment, though rendered twice in each
    }
