"""Classroom delivery: launch links and the workshop-day check."""

import math
import pathlib
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import nbformat
import pytest

from lessons.catalog import LESSONS as CATALOG
from lessons.delivery import links
from lessons.delivery import workshop_check as check

ROOT = pathlib.Path(__file__).resolve().parents[1]
REPO = "https://github.com/teacher/ai-triage-lessons"


def test_link_list_names_every_notebook_in_the_repo():
    assert [n for n, _ in links.LESSONS] == links.notebook_files(ROOT) or set(
        links.notebook_files(ROOT)) <= {n for n, _ in links.LESSONS}


def test_binder_link_opens_jupyterlab_on_the_notebook():
    url = links.binder_link(REPO + ".git", "03_detection_accuracy.ipynb", "v1.0")
    parsed = urlparse(url)
    assert parsed.netloc == "mybinder.org"
    assert parsed.path == "/v2/gh/teacher/ai-triage-lessons/v1.0"
    assert parse_qs(parsed.query) == {"urlpath": ["lab/tree/notebooks/03_detection_accuracy.ipynb"]}


def test_binder_link_for_gitlab_and_other_hosts():
    assert "/v2/gl/group%2Fkit/main?" in links.binder_link("https://gitlab.com/group/kit", "00_start_here.ipynb")
    other = links.binder_link("https://git.example.org/a/b", "00_start_here.ipynb")
    assert "/v2/git/https%3A%2F%2Fgit.example.org%2Fa%2Fb/main?" in other


def test_nbgitpuller_link_pulls_the_repo_and_opens_the_notebook():
    url = links.nbgitpuller_link("https://hub.example.edu/", REPO, "05_human_contact.ipynb")
    parsed = urlparse(url)
    assert parsed.netloc == "hub.example.edu" and parsed.path == "/hub/user-redirect/git-pull"
    q = parse_qs(parsed.query)
    assert q["repo"] == [REPO] and q["branch"] == ["main"]
    assert q["urlpath"] == ["lab/tree/ai-triage-lessons/notebooks/05_human_contact.ipynb"]


def test_command_prints_a_table_with_badge_and_every_lesson():
    out = subprocess.run([sys.executable, "-m", "lessons.delivery.links", "--repo", REPO, "--hub", "https://hub.example.edu"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("[![Launch on Binder]")
    for notebook, _ in links.LESSONS:
        assert out.count(notebook) >= 4  # name, Binder JupyterLab and app-mode links, hub link
    assert "git-pull" in out


def opened_file(url: str) -> tuple[str, str]:
    """(route, repository file) that a printed launch link opens, read back from the URL alone."""
    parsed = urlparse(url)
    q = parse_qs(parsed.query)
    if parsed.netloc == "mybinder.org" and parsed.path.startswith("/v2/gh/"):
        assert parsed.path == "/v2/gh/teacher/ai-triage-lessons/main", url
        urlpath = q["urlpath"][0]
        for route, prefix in (("binder-lab", "lab/tree/"), ("binder-app", "voila/render/")):
            if urlpath.startswith(prefix):
                return route, urlpath[len(prefix):]
    if parsed.netloc == "hub.example.edu":
        assert parsed.path == "/hub/user-redirect/git-pull" and q["repo"] == [REPO] and q["branch"] == ["main"], url
        prefix = "lab/tree/ai-triage-lessons/"  # nbgitpuller clones into a folder named after the repository
        assert q["urlpath"][0].startswith(prefix), url
        return "hub-lab", q["urlpath"][0][len(prefix):]
    raise AssertionError(f"unexpected link {url}")


def test_every_printed_link_opens_its_lesson_on_every_route():
    out = subprocess.run([sys.executable, "-m", "lessons.delivery.links", "--repo", REPO, "--hub", "https://hub.example.edu"],
                         capture_output=True, text=True, check=True).stdout
    rows = [line for line in out.splitlines() if line.startswith("| ") and ".ipynb`" in line]
    assert len(rows) == len(CATALOG)
    for row, lesson in zip(rows, CATALOG):
        urls = re.findall(r"\]\((https://[^)\s]+)\)", row)
        opened = dict(opened_file(u) for u in urls)
        assert set(opened) == {"binder-lab", "binder-app", "hub-lab"}, row
        for route, path in opened.items():
            assert path == f"notebooks/{lesson.notebook}", (route, path)
            assert (ROOT / path).is_file(), path
    badge = re.match(r"\[!\[Launch on Binder\]\([^)]+\)\]\((\S+)\)", out).group(1)
    assert opened_file(badge) == ("binder-lab", "notebooks/00_start_here.ipynb")


def git_checkout(path, origin):
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    if origin:
        subprocess.run(["git", "-C", str(path), "remote", "add", "origin", origin], check=True)
    return path


@pytest.mark.parametrize("remote", ["git@github.com:teacher/ai-triage-lessons.git",
                                    "https://github.com/teacher/ai-triage-lessons.git",
                                    "ssh://git@github.com/teacher/ai-triage-lessons"])
def test_without_repo_the_github_origin_is_used(tmp_path, monkeypatch, capsys, remote):
    monkeypatch.setattr(links, "ROOT", git_checkout(tmp_path, remote))
    assert links.origin_repo(tmp_path) == REPO
    assert links.main([]) == 0
    out = capsys.readouterr().out
    assert "mybinder.org/v2/gh/teacher/ai-triage-lessons/main" in out and "voila%2Frender%2Fnotebooks" in out


@pytest.mark.parametrize("remote,needle", [(None, "has no origin remote; pass REPO="),
                                           ("https://gitlab.com/g/kit.git", "is not a GitHub address; pass REPO=")])
def test_without_repo_a_missing_or_foreign_origin_says_what_to_pass(tmp_path, monkeypatch, capsys, remote, needle):
    monkeypatch.setattr(links, "ROOT", git_checkout(tmp_path, remote))
    assert links.main([]) == 2
    assert needle in capsys.readouterr().err


def test_app_mode_link_opens_voila_on_the_notebook():
    url = links.binder_link(REPO, "05_human_contact.ipynb", app=True)
    assert parse_qs(urlparse(url).query) == {"urlpath": ["voila/render/notebooks/05_human_contact.ipynb"]}


@pytest.mark.parametrize("call,needle", [
    (lambda: links.binder_link("github.com/a/b", "x.ipynb"), "repo must be an https address"),
    (lambda: links.binder_link("https://github.com/onlyowner", "x.ipynb"), "repo must be an https address"),
    (lambda: links.binder_link(REPO, "x.ipynb", ref="a b"), "ref must be a branch, tag or commit name"),
    (lambda: links.nbgitpuller_link("hub.example.edu", REPO, "x.ipynb"), r"hub must be the http\(s\) address"),
])
def test_bad_link_input_is_a_clear_error(call, needle):
    with pytest.raises(ValueError, match=needle):
        call()


def test_command_reports_bad_repo_and_exits_nonzero():
    proc = subprocess.run([sys.executable, "-m", "lessons.delivery.links", "--repo", "not-a-url"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "repo must be an https address" in proc.stderr


# -- workshop-day check ------------------------------------------------------------

def test_python_version_check():
    assert check.check_python((3, 11, 7)).ok
    item = check.check_python((3, 8, 10))
    assert not item.ok and "older than 3.11" in item.detail and item.fix


def test_package_check_accepts_pins_and_compatible_versions_and_flags_the_rest():
    pins = {"numpy": check.metadata.version("numpy"), "plotly": "99.0.0", "no-such-package-xyz": "1.0"}
    items = {i.name: i for i in check.check_packages(pins)}
    assert items["package numpy"].ok
    assert not items["package plotly"].ok and "plotly==99.0.0" in items["package plotly"].fix
    assert not items["package no-such-package-xyz"].ok and items["package no-such-package-xyz"].detail == "not installed"
    assert check.compatible("8.1.2", "8.1.9") and not check.compatible("7.0", "8.1")
    assert check.compatible("0.11.3", "0.11.0") and not check.compatible("0.12.0", "0.11.0")


def test_extension_check_names_what_is_missing():
    assert check.check_extensions(set(check.LAB_EXTENSIONS)).ok
    item = check.check_extensions({"anywidget"})
    assert not item.ok and "jupyterlab-plotly" in item.detail
    assert check.check_extensions().ok  # this environment has them


def test_check_runs_on_this_kit_and_fails_on_a_broken_copy(tmp_path, capsys):
    good = check.run_checks(ROOT, notebooks=False)
    assert all(i.ok for i in good), [i.line() for i in good if not i.ok]
    # a copy whose notebook raises, and whose requirements ask for a version that is not installed
    (tmp_path / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "notebooks" / "01_broken.ipynb")
    (tmp_path / "requirements.txt").write_text("numpy==0.1.0\n")
    code = check.main(["--root", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "PROBLEM  package numpy" in out
    assert "PROBLEM  notebook 01_broken.ipynb: a cell failed" in out and "ZeroDivisionError" in out
    assert "problem(s)" in out


def test_check_command_exit_status_is_zero_when_ready():
    proc = subprocess.run([sys.executable, "-m", "lessons.delivery.workshop_check", "--skip-notebooks"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ready for the workshop" in proc.stdout


# -- room size ------------------------------------------------------------------------

def test_room_needs_follow_the_measured_per_learner_figures():
    r = check.ROOM
    needs = check.room_needs(30)
    page = r["voila_view_mib"] + r["kernel_mib"]
    assert needs["kernel_mib"] == r["kernel_mib"]
    # warm: 10 learners per core as measured; 30 kernels for the class and 3 spares (a tenth)
    assert needs["warm"]["cores"] == math.ceil(30 / r["warm_learners_per_core"]) == 3
    assert needs["warm"]["mib"] == r["system_mib"] + r["voila_base_mib"] + (30 + 3) * page
    assert needs["warm"]["warm_core_s"] == pytest.approx(30 * 2.0)
    # on arrival: 30 x 2.0 core-s within 15 s -> 4 cores
    assert needs["app"]["cores"] == math.ceil(30 * r["app_core_s_per_learner"] / r["arrival_wait_s"]) == 4
    assert needs["app"]["mib"] == r["system_mib"] + r["voila_base_mib"] + 30 * page
    assert needs["lab"]["cores"] == math.ceil(30 * r["run_all_core_s"] / r["lab_wait_s"]) == 6
    assert needs["lab"]["mib"] == r["system_mib"] + r["lab_server_mib"] + 30 * 2 * r["kernel_mib"]
    assert check.room_needs(30, kernel_mib=400)["kernel_mib"] == 400  # a heavier kernel measured here wins


def test_the_measured_room_of_20_fits_the_2_core_machine_it_was_measured_on():
    """The benchmark's own machine and class (2 cores, 20 learners, 24 GiB) must come out as it was measured:
    app mode with warm kernels met every target there; rendering on arrival missed the 15 s target."""
    item = check.check_room(20, cores=2, available_mib=20 * 1024)
    assert item.ok and "fits app mode with warm kernels" in item.detail and "make present LEARNERS=20" in item.detail
    assert "(about 20 s here)" in item.detail  # 20 x 2.0 core-s on 2 cores (measured: 14 s)
    assert "app mode without warming" not in item.detail


def test_room_check_says_which_route_fits():
    big = check.check_room(30, cores=16, available_mib=64 * 1024)
    assert big.ok and "fits app mode with warm kernels" in big.detail
    assert "Also fits app mode without warming and a shared JupyterLab" in big.detail
    assert "(about 4 s here)" in big.detail  # 30 x 2.0 core-s on 16 cores
    no_warm_memory = check.check_room(30, cores=8, available_mib=7.5 * 1024)  # warm needs 7.6 GiB, on arrival 7.1
    assert no_warm_memory.ok and "fits app mode (make present PRESENT_IP=0.0.0.0) on this machine, not app mode " \
        "with warm kernels" in no_warm_memory.detail
    small = check.check_room(30, cores=2, available_mib=4 * 1024, kernel_mib=150)
    assert not small.ok and "too small for 30 learners" in small.detail
    assert "Binder" in small.fix and "JupyterHub" in small.fix
    assert "a kernel measured here used 150 MiB" in small.detail


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "30", 10_001])
def test_room_check_rejects_a_bad_class_size(bad):
    with pytest.raises(ValueError, match="learners must be a whole number from 1 to 10000"):
        check.room_needs(bad)


def test_check_command_reports_the_room_for_a_class_size():
    proc = subprocess.run([sys.executable, "-m", "lessons.delivery.workshop_check", "--skip-notebooks", "--learners", "1"],
                          capture_output=True, text=True, cwd=ROOT)
    assert "room for 1 learners:" in proc.stdout and f"{check.machine()[0]} cores" in proc.stdout
    assert "a kernel measured here used" in proc.stdout
    assert "--learners LEARNERS" in subprocess.run(
        [sys.executable, "-m", "lessons.delivery.workshop_check", "--help"], capture_output=True, text=True).stdout
