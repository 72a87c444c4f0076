"""The driver compiles the source Jinja generates for a template once, and renders the same."""

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
example_driver._keep_compiled_templates()
page = "{{ name|upper }}:{% for i in range(3) %}{{ i }}{% endfor %}"
shown = []
for shout in (False, False, True):
    app = flask.Flask("example")
    if shout:  # another environment's filter: Jinja's own parse, the same compiled source
        app.jinja_env.filters["upper"] = lambda text: text.upper() + "!"
    with app.app_context():
        shown.append(flask.render_template_string(page, name="ada"))
print(json.dumps({"shown": shown, "compiled": len(compiled)}))
"""


def test_a_template_string_is_compiled_once_and_each_app_renders_with_its_own_filters() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout) == {"shown": ["ADA:012", "ADA:012", "ADA!:012"], "compiled": 1}
