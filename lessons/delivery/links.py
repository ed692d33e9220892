"""Launch links for a copy of the kit: Binder (JupyterLab and app mode), and nbgitpuller for a JupyterHub.

    python -m lessons.delivery.links [--repo https://github.com/OWNER/REPO] [--ref main] [--hub https://hub.example.edu]

prints, for each lesson, a Binder link that opens JupyterLab on that notebook, a Binder link that
opens it in app mode (Voila: code hidden, /voila/render/notebooks/NN.ipynb) and (with ``--hub``) an
nbgitpuller link that copies the repository into each learner's JupyterHub home and opens the same
notebook. Without ``--repo`` the checkout's ``origin`` remote is used when it is on GitHub.
"""

from __future__ import annotations

import argparse
import pathlib
import re
import subprocess
import sys
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlparse

from ..catalog import LESSONS as CATALOG
from ..catalog import ROOT

LESSONS = tuple((entry.notebook, entry.title) for entry in CATALOG)

BINDER = "https://mybinder.org"
_REF = re.compile(r"^[A-Za-z0-9._/\-]{1,200}$")


@dataclass(frozen=True)
class Repo:
    """A public git repository: its web address, host kind and path."""

    url: str
    host: str  # "gh", "gl" or "git"
    path: str  # "owner/name" for GitHub and GitLab

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


def parse_repo(url: str) -> Repo:
    """Check a repository address; ValueError says what a valid one looks like."""
    if not isinstance(url, str):
        raise ValueError(f"repo must be an https address of a git repository; got {url!r}")
    parsed = urlparse(url.strip())
    path = parsed.path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    if parsed.scheme != "https" or not parsed.netloc or "/" not in path:
        raise ValueError(
            "repo must be an https address of a git repository, such as "
            f"https://github.com/OWNER/NAME; got {url!r}"
        )
    host = {"github.com": "gh", "gitlab.com": "gl"}.get(parsed.netloc.lower(), "git")
    clean = f"https://{parsed.netloc}/{path}"
    return Repo(clean, host, path)


def check_ref(ref: str) -> str:
    if not isinstance(ref, str) or not _REF.match(ref) or ".." in ref:
        raise ValueError(f"ref must be a branch, tag or commit name (letters, digits, . _ / -); got {ref!r}")
    return ref


_GITHUB_REMOTE = re.compile(
    r"^(?:https://(?:[^@/]+@)?github\.com/|git@github\.com:|ssh://git@github\.com/)"
    r"([A-Za-z0-9_.\-]+)/([A-Za-z0-9_.\-]+?)(?:\.git)?/?$")


def github_address(remote: str) -> str | None:
    """The https address of a GitHub remote (https or ssh form), or None if it is not on GitHub."""
    m = _GITHUB_REMOTE.match(remote.strip()) if isinstance(remote, str) else None
    return f"https://github.com/{m.group(1)}/{m.group(2)}" if m else None


def origin_repo(root: pathlib.Path | str = ROOT) -> str:
    """The checkout's ``origin`` remote as a GitHub https address; ValueError says what to pass instead."""
    try:
        out = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as err:
        raise ValueError(f"repo not given and git could not be asked for the origin remote ({err}); "
                         "pass REPO=https://github.com/OWNER/NAME") from None
    remote = out.stdout.strip()
    if out.returncode != 0 or not remote:
        raise ValueError(f"repo not given and {root} has no origin remote; "
                         "pass REPO=https://github.com/OWNER/NAME (make links REPO=...)")
    address = github_address(remote)
    if address is None:
        raise ValueError(f"repo not given and the origin remote {remote!r} is not a GitHub address; "
                         "pass REPO=https://ADDRESS/OF/YOUR/COPY (make links REPO=...)")
    return address


def binder_link(repo: str, notebook: str, ref: str = "main", app: bool = False) -> str:
    """A mybinder.org link that opens ``notebooks/<notebook>`` in JupyterLab, or with ``app=True`` in
    app mode (Voila, code hidden; the image's postBuild installs the kit's offline template)."""
    r, ref = parse_repo(repo), check_ref(ref)
    urlpath = f"voila/render/notebooks/{notebook}" if app else f"lab/tree/notebooks/{notebook}"
    if r.host in ("gh", "gl"):
        spec = f"{r.host}/{r.path}/{ref}" if r.host == "gh" else f"gl/{quote(r.path, safe='')}/{ref}"
    else:
        spec = f"git/{quote(r.url, safe='')}/{ref}"
    return f"{BINDER}/v2/{spec}?{urlencode({'urlpath': urlpath})}"


def binder_badge(repo: str, ref: str = "main") -> str:
    """Markdown for the Binder badge, opening the start notebook."""
    link = binder_link(repo, LESSONS[0][0], ref)
    return f"[![Launch on Binder]({BINDER}/badge_logo.svg)]({link})"


def nbgitpuller_link(hub: str, repo: str, notebook: str, ref: str = "main") -> str:
    """A JupyterHub link that pulls the repository and opens the notebook in JupyterLab."""
    r, ref = parse_repo(repo), check_ref(ref)
    h = urlparse(hub.strip() if isinstance(hub, str) else "")
    if h.scheme not in ("https", "http") or not h.netloc:
        raise ValueError(f"hub must be the http(s) address of a JupyterHub, such as https://hub.example.edu; "
                         f"got {hub!r}")
    base = f"{h.scheme}://{h.netloc}{h.path.rstrip('/')}"
    query = urlencode({
        "repo": r.url,
        "branch": ref,
        "urlpath": f"lab/tree/{r.name}/notebooks/{notebook}",
    })
    return f"{base}/hub/user-redirect/git-pull?{query}"


def links_markdown(repo: str, ref: str = "main", hub: str | None = None) -> str:
    """A markdown table of every lesson's links."""
    head = "| lesson | Binder: JupyterLab | Binder: app mode |" + (" JupyterHub |" if hub else "")
    rule = "| --- | --- | --- |" + (" --- |" if hub else "")
    rows = [binder_badge(repo, ref), "", head, rule]
    for notebook, title in LESSONS:
        row = (f"| {title} (`{notebook}`) | [launch]({binder_link(repo, notebook, ref)}) "
               f"| [app]({binder_link(repo, notebook, ref, app=True)}) |")
        if hub:
            row += f" [open]({nbgitpuller_link(hub, repo, notebook, ref)}) |"
        rows.append(row)
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lessons.delivery.links", description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=None, help="https address of your copy, e.g. https://github.com/OWNER/NAME "
                        "(default: this checkout's origin remote, when it is on GitHub)")
    parser.add_argument("--ref", default="main", help="branch, tag or commit (default: main)")
    parser.add_argument("--hub", default=None, help="address of your JupyterHub, for nbgitpuller links")
    args = parser.parse_args(argv)
    try:
        repo = (github_address(args.repo) or args.repo) if args.repo else origin_repo(ROOT)
        print(links_markdown(repo, args.ref, args.hub))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def notebook_files(root: pathlib.Path) -> list[str]:
    """The lesson notebooks present in ``root/notebooks`` (used by tests to keep LESSONS in step)."""
    return sorted(p.name for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


if __name__ == "__main__":
    sys.exit(main())
