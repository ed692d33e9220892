"""Server-side setting for snappier explorers: send kernel messages to the browser without delay.

Every slider move is a round trip: the browser sends the new value over the kernel's websocket,
the kernel answers with several small messages (busy, the figure update, the text twin, idle).
Jupyter Server leaves Nagle's algorithm on for that websocket, so each small message after the
first waits for the browser's (delayed) acknowledgement of the one before, up to 40 ms on Linux.
:class:`NoDelayConnection` turns it off when the browser connects (tornado's own advice in
``WebSocketHandler.set_nodelay``). Measured with ``benchmarks/bench_browser.py``: the figure's update
message reached the page about 30 ms sooner (median 50 -> 20 ms after the key press).

The kit's own servers use it: ``make lab``, ``make present``, the browser tests and the browser
benchmark pass :data:`LAB_ARGS` or :data:`VOILA_ARGS`, and ``postBuild`` writes the same setting
into the Binder image's Jupyter configuration (:func:`write_config`). A JupyterLab started some
other way works the same, only with the slower round trip.

    python -m lessons.delivery.server --write-config DIR   # merges the setting into DIR/jupyter_server_config.json
    python -m lessons.delivery.server --write-config DIR --install-voila-template PREFIX

The second form (Binder's ``postBuild``) also copies the kit's offline Voila template
(``share/jupyter/voila/templates/kit``) into ``PREFIX/share/jupyter/voila/templates/kit`` and makes it
the template of the server's app mode (``/voila/render/...``, the links ``make links`` prints), so
Binder's app mode fetches nothing from the internet either.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import sys

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

CLASS_PATH = "lessons.delivery.server.NoDelayConnection"
LAB_ARGS = (f"--ServerApp.kernel_websocket_connection_class={CLASS_PATH}",)
VOILA_ARGS = (f"--Voila.kernel_websocket_connection_class={CLASS_PATH}",)


class NoDelayConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel websocket connection, with TCP_NODELAY set on the browser's socket."""

    def connect(self):
        handler = self.websocket_handler
        if handler is not None and handler.ws_connection is not None:
            handler.set_nodelay(True)
        return super().connect()


TEMPLATE = "kit"
TEMPLATE_SOURCE = pathlib.Path(__file__).resolve().parents[2] / "share" / "jupyter" / "voila" / "templates" / TEMPLATE


def server_config(voila_template: bool = False) -> dict:
    """The Jupyter Server configuration that selects :class:`NoDelayConnection` (and, with
    ``voila_template``, the kit's Voila template for the server's app mode)."""
    config = {"ServerApp": {"kernel_websocket_connection_class": CLASS_PATH}}
    if voila_template:
        config["VoilaConfiguration"] = {"template": TEMPLATE}
    return config


def install_voila_template(prefix: str | pathlib.Path) -> pathlib.Path:
    """Copy the kit's Voila template to ``<prefix>/share/jupyter/voila/templates/kit``; return that folder."""
    target = pathlib.Path(prefix) / "share" / "jupyter" / "voila" / "templates" / TEMPLATE
    if not (TEMPLATE_SOURCE / "conf.json").is_file():
        raise ValueError(f"template: {TEMPLATE_SOURCE} must hold the kit's Voila template (conf.json); not found")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(TEMPLATE_SOURCE, target)
    return target


def write_config(config_dir: str | pathlib.Path, voila_template: bool = False) -> pathlib.Path:
    """Merge :func:`server_config` into ``<config_dir>/jupyter_server_config.json``; return its path.

    The main file, not ``jupyter_server_config.d/``: Jupyter Server reads that folder only for the
    list of server extensions. Other settings already in the file are kept.
    """
    path = pathlib.Path(config_dir) / "jupyter_server_config.json"
    config = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if not isinstance(config, dict) or not isinstance(config.get("ServerApp", {}), dict):
        raise ValueError(f"config_dir: {path} must hold a JSON object with a ServerApp object; "
                         f"got {type(config).__name__}")
    for section, values in server_config(voila_template).items():
        if not isinstance(config.setdefault(section, {}), dict):
            raise ValueError(f"config_dir: {path} must hold a JSON object in {section}; got {config[section]!r}")
        config[section].update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write the kit's Jupyter Server setting (no-delay kernel websockets).")
    ap.add_argument("--write-config", metavar="DIR", required=True,
                    help="a Jupyter config directory, e.g. $(python -c 'import sys; print(sys.prefix)')/etc/jupyter")
    ap.add_argument("--install-voila-template", metavar="PREFIX", default=None,
                    help="also copy the kit's Voila template under PREFIX/share/jupyter "
                         "and make it app mode's template")
    args = ap.parse_args(argv)
    if args.install_voila_template:
        print(f"installed {install_voila_template(args.install_voila_template)}")
    print(f"wrote {write_config(args.write_config, voila_template=bool(args.install_voila_template))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
