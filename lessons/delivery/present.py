"""App mode for a room: the lessons served by Voila, code hidden, with kernels warmed before the class arrives.

``make present`` runs this module. Without ``--learners`` every page is rendered when a learner opens it: the
server starts a kernel and runs the whole lesson for that learner, so a room opening one lesson at once waits
for the machine to run it once per learner (on 2 cores, 20 learners opening lesson 00 waited up to about 20 s).

With ``--learners N`` (``make present LEARNERS=20 LESSON=03``) the server warms a pool of N kernels for that
lesson as it starts: each runs the lesson in advance, so a learner who opens it gets a finished page at once and
a kernel that is already waiting. The log says "Warm pool ready:" when every pooled kernel has run the lesson;
start the server a few minutes before the class (warming takes about as long as the room would have waited:
14 s for 20 learners of lesson 00 on 2 cores). Once the pool is ready it keeps only a few spare kernels
(:func:`spare_kernels`) for latecomers and reloads, started one at a time from ``--refill-delay`` seconds after
a kernel is taken; a learner who arrives when no spare is ready gets a page rendered for them, as without a pool.
Other lessons are rendered when opened, as without a pool.

    python -m lessons.delivery.present [--ip 127.0.0.1] [--port 8866] [--cull 1200]
                                       [--lesson 00_start_here.ipynb | 00] [--learners 20] [--refill-delay 1]

:func:`voila_argv` is the one place the app-mode arguments are written; ``benchmarks/bench_class.py`` measures
the room with exactly these.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib

from ..catalog import NOTEBOOK_DIR, Lesson, by_notebook
from ..catalog import lesson as lesson_by_number
from ..checks import check_int, check_real
from .server import VOILA_ARGS

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE_PATH = ROOT / "share" / "jupyter"
DEFAULT_REFILL_DELAY_S = 60.0
"""Seconds after a warm kernel is taken before its replacement starts: after the class has arrived."""
REFILL_SPACING_S = 5.0
"""Seconds between further replacements (each lesson kernel needs a few seconds of one core to warm)."""
MAX_LEARNERS = 200
"""The largest warm pool the launcher starts: 200 kernels need about 30 GiB, more than any one machine we size."""


def resolve_lesson(lesson: str) -> Lesson:
    """The catalog entry for a notebook name ("03_detection_accuracy.ipynb") or a lesson number ("03", "3")."""
    if not isinstance(lesson, str):
        raise ValueError(f"lesson must be a notebook name or a lesson number as text; got {lesson!r}")
    text = lesson.strip()
    if text.isdigit():
        return lesson_by_number(int(text))
    return by_notebook(text)


def pool_config(lesson: str | None, learners: int) -> dict:
    """Voila's kernel-pool setting: ``learners`` warm kernels for ``lesson``, none for any other notebook."""
    learners = check_int("learners", learners, low=0, high=MAX_LEARNERS)
    config = {"default": {"pool_size": 0}}
    if learners:
        if lesson is None:
            raise ValueError("lesson must be given when learners is above 0: the pool is warmed for one lesson")
        config[resolve_lesson(lesson).notebook] = {"pool_size": learners}
    return config


def voila_argv(notebook_dir: pathlib.Path, *, ip: str = "127.0.0.1", port: int = 8866, token: str | None = None,
               cull_s: int = 1200, lesson: str | None = None, learners: int = 0,
               refill_delay_s: float = DEFAULT_REFILL_DELAY_S) -> list[str]:
    """Voila's arguments for the kit's app mode: the kit's offline template, code and tracebacks hidden, the
    no-delay kernel websocket, idle kernels culled after ``cull_s`` seconds (a closed or abandoned tab) and,
    with ``learners`` above 0, a pool of that many warm kernels for ``lesson``. ``token`` None makes Voila
    generate one and print the URL with it."""
    if not isinstance(notebook_dir, pathlib.Path):
        raise ValueError(f"notebook_dir must be a pathlib.Path; got {notebook_dir!r}")
    if not isinstance(ip, str) or not ip:
        raise ValueError(f"ip must be an address as text, such as '127.0.0.1' or '0.0.0.0'; got {ip!r}")
    port = check_int("port", port, low=1, high=65535)
    cull_s = check_int("cull_s", cull_s, low=60, high=7 * 24 * 3600)
    refill_delay_s = check_real("refill_delay_s", refill_delay_s, low=0, high=3600)
    learners = check_int("learners", learners, low=0, high=MAX_LEARNERS)
    if token is not None and (not isinstance(token, str) or not token.isalnum()):
        raise ValueError(f"token must be letters and digits, or None to generate one; got {token!r}")
    argv = [
        "--no-browser", f"--Voila.ip={ip}", f"--port={port}", "--Voila.port_retries=0",
        "--token" if token is None else f"--token={token}",
        "--template=kit", "--strip_sources=True", "--show_tracebacks=False",
        f"--MappingKernelManager.cull_idle_timeout={cull_s}", "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        *VOILA_ARGS,
    ]
    if learners:
        argv += ["--preheat_kernel=True",
                 f"--VoilaKernelManager.kernel_pools_config={json.dumps(pool_config(lesson, learners))}",
                 f"--VoilaKernelManager.fill_delay={refill_delay_s:g}"]
    elif lesson is not None:
        resolve_lesson(lesson)  # a wrong name is an error even without a pool
    return [*argv, str(notebook_dir)]


def environment(base: dict | None = None) -> dict:
    """The process environment with the kit's Voila template on ``JUPYTER_PATH``."""
    env = dict(os.environ if base is None else base)
    paths = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(TEMPLATE_PATH) not in paths:  # already there when the caller set it up (the browser tests do)
        env["JUPYTER_PATH"] = os.pathsep.join([str(TEMPLATE_PATH), *paths])
    return env


READY = "Warm pool ready:"
"""How the server's log says every warm page has been rendered: the moment the class may arrive."""


def refill_delay(pending: int, base_s: float, spacing_s: float = REFILL_SPACING_S) -> float:
    """Seconds before the next replacement kernel starts, when ``pending`` replacements are already waiting: the
    first after ``base_s``, each further one ``spacing_s`` later, so a room taking its whole pool at once is
    refilled a kernel at a time instead of all at once (20 kernels starting together kept 2 cores busy for
    half a minute, just as the class began)."""
    pending = check_int("pending", pending, low=0)
    base_s = check_real("base_s", base_s, low=0, high=3600)
    spacing_s = check_real("spacing_s", spacing_s, low=0, high=600)
    return base_s + pending * spacing_s


def spare_kernels(learners: int) -> int:
    """Kernels the pool keeps ready once the class has arrived, for latecomers and reloads: a tenth of the class,
    at least 2. So the machine holds at most ``learners`` + this many lesson kernels, not twice the class."""
    learners = check_int("learners", learners, low=1)
    return max(2, -(-learners // 10))


def gentle_pool(kernel_manager, base_s: float) -> None:
    """Two changes to Voila 0.5's pool (``voila.voila_kernel_manager``), on this server's kernel manager:
    replacements are spaced out (:func:`refill_delay`), and a learner is given a pooled kernel only when one is
    ready; otherwise the page is rendered for them as without a pool, instead of waiting for a replacement that
    has not started yet."""
    pools = kernel_manager._pools  # private in Voila 0.5: notebook -> list of tasks, each giving a started kernel
    fill = kernel_manager.fill_if_needed

    def fill_if_needed(delay=None, notebook_name=None, **kwargs):
        if delay is None:  # a replacement for a kernel just taken
            delay = refill_delay(sum(not task.done() for task in pools.get(notebook_name, ())), base_s)
        return fill(delay=delay, notebook_name=notebook_name, **kwargs)

    def get_pool_size(notebook_name: str) -> int:  # the page handler asks this, then takes the pool's first task
        pool = pools.get(notebook_name, [])
        pool.sort(key=lambda task: not task.done())  # ready kernels first (a stable sort keeps their order)
        return sum(task.done() and not task.cancelled() and task.exception() is None for task in pool)

    kernel_manager.fill_if_needed = fill_if_needed
    kernel_manager.get_pool_size = get_pool_size


def serve(argv: list[str], warm_notebook: str | None, learners: int, refill_delay_s: float) -> None:
    """Run Voila in this process with ``argv``; with a pool, log :data:`READY` once every warm kernel has run the
    lesson (Voila's own "Kernel pool ... is filled" comes earlier, when the kernels have only started)."""
    import asyncio
    import time

    from voila.app import Voila

    class KitVoila(Voila):
        def listen(self):  # called once the kernel manager (and its pool) exists, before the event loop runs
            if warm_notebook is not None and learners:
                gentle_pool(self.kernel_manager, refill_delay_s)
                asyncio.get_event_loop().create_task(self._announce_warm())
            super().listen()

        async def _announce_warm(self):
            t0 = time.monotonic()
            # Voila 0.5's pool is a private list of tasks, each giving the kernel and the task rendering the page
            pool = list(getattr(self.kernel_manager, "_pools", {}).get(warm_notebook, ()))
            try:
                for item in pool:
                    content = await asyncio.shield(item)
                    await asyncio.shield(content["task"])
            except Exception as err:  # a kernel that failed to start or run: say so, the server keeps serving
                self.log.error("The warm pool for %s could not be filled: %s", warm_notebook, err)
                return
            self.log.info("%s %d pages of %s rendered in advance, %.1f s after start. The class can open it.",
                          READY, len(pool), warm_notebook, time.monotonic() - t0)
            # from now on keep only a few spare kernels for latecomers and reloads, not a second full pool
            config = dict(self.kernel_manager.kernel_pools_config)
            config[warm_notebook] = {**config.get(warm_notebook, {}), "pool_size": spare_kernels(learners)}
            self.kernel_manager.kernel_pools_config = config

    os.environ.update(environment())
    KitVoila.launch_instance(argv=argv)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ip", default="127.0.0.1", help="127.0.0.1 (this machine) or 0.0.0.0 (the room's network)")
    ap.add_argument("--port", type=int, default=8866)
    ap.add_argument("--token", default=None, help="the login token (default: a new random one, printed)")
    ap.add_argument("--cull", type=int, default=1200, help="seconds before an idle kernel is shut down")
    ap.add_argument("--lesson", default=None, help="the lesson to warm: notebook name or number (00-07)")
    ap.add_argument("--learners", type=int, default=0, help="warm kernels to keep ready for --lesson (0: none)")
    ap.add_argument("--refill-delay", type=float, default=DEFAULT_REFILL_DELAY_S,
                    help="seconds before a taken warm kernel is replaced")
    ap.add_argument("--root", type=pathlib.Path, default=NOTEBOOK_DIR, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    try:
        voila = voila_argv(args.root, ip=args.ip, port=args.port, token=args.token, cull_s=args.cull,
                           lesson=args.lesson, learners=args.learners, refill_delay_s=args.refill_delay)
    except ValueError as err:
        ap.error(str(err))
    notebook = resolve_lesson(args.lesson).notebook if args.learners else None
    if notebook:
        print(f"Warming {args.learners} kernels for {notebook}: the class can open it once the log says the "
              "warm pool is ready. Other lessons are rendered when opened.", flush=True)
    serve(voila, notebook, args.learners, args.refill_delay)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
