"""The kit's no-delay kernel websocket (lessons/server.py) and where the kit's servers switch it on."""

import json
import os
import pathlib
import subprocess
import sys

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets import Any

from lessons.delivery import server

ROOT = pathlib.Path(__file__).resolve().parents[1]


class FakeHandler:
    def __init__(self, connected=True):
        self.ws_connection = object() if connected else None
        self.nodelay = []

    def set_nodelay(self, value):
        self.nodelay.append(value)


class Connection(server.NoDelayConnection):
    websocket_handler = Any()  # a fake handler instead of tornado's


@pytest.fixture
def base_connect(monkeypatch):
    calls = []
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect", lambda self: calls.append(self) or "future")
    return calls


def test_connect_turns_nagle_off_then_connects_as_jupyter_server_does(base_connect):
    handler = FakeHandler()
    conn = Connection(websocket_handler=handler)
    assert conn.connect() == "future"
    assert handler.nodelay == [True] and base_connect == [conn]


def test_connect_without_an_open_socket_still_connects(base_connect):
    handler = FakeHandler(connected=False)
    conn = Connection(websocket_handler=handler)
    assert conn.connect() == "future"
    assert handler.nodelay == [] and base_connect == [conn]


def test_jupyter_server_accepts_the_command_line():
    from jupyter_server.serverapp import ServerApp

    app = ServerApp()
    app.parse_command_line(list(server.LAB_ARGS))
    assert app.kernel_websocket_connection_class is server.NoDelayConnection


def test_jupyter_server_reads_the_written_config_from_its_config_path(tmp_path):
    """What postBuild writes into the image's etc/jupyter is what a fresh Jupyter Server loads."""
    path = server.write_config(tmp_path / "etc")
    assert path == tmp_path / "etc" / "jupyter_server_config.json"
    code = ("from jupyter_server.serverapp import ServerApp; app = ServerApp(); app.load_config_file(); "
            "print(app.config.ServerApp.kernel_websocket_connection_class)")
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(tmp_path / "etc"), "JUPYTER_CONFIG_DIR": str(tmp_path / "user")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=tmp_path)
    assert out.stdout.strip() == server.CLASS_PATH


def test_writing_the_config_keeps_other_settings_and_refuses_a_broken_file(tmp_path):
    path = tmp_path / "jupyter_server_config.json"
    path.write_text(json.dumps({"ServerApp": {"port": 9999}, "LabApp": {"news_url": None}}))
    server.write_config(tmp_path)
    assert json.loads(path.read_text()) == {"ServerApp": {"port": 9999, "kernel_websocket_connection_class":
                                                          server.CLASS_PATH}, "LabApp": {"news_url": None}}
    path.write_text("[1, 2]")
    with pytest.raises(ValueError, match="config_dir: .* must hold a JSON object"):
        server.write_config(tmp_path)


def test_voila_accepts_the_command_line():
    from voila.app import Voila

    app = Voila()
    app.parse_command_line(list(server.VOILA_ARGS))
    assert app.kernel_websocket_connection_class is server.NoDelayConnection


def test_the_kits_servers_use_it():
    makefile = (ROOT / "Makefile").read_text()
    for arg in server.LAB_ARGS:
        assert arg in makefile
    assert "$(LAB_ARGS)" in makefile and "-m lessons.delivery.present" in makefile  # make lab; make present
    from lessons.delivery import present
    for app_mode in (present.voila_argv(ROOT / "notebooks"),
                     present.voila_argv(ROOT / "notebooks", lesson="00", learners=3)):
        assert set(server.VOILA_ARGS) <= set(app_mode)
    assert "python -m lessons.delivery.server --write-config" in (ROOT / "postBuild").read_text()
    conftest = (ROOT / "tests" / "browser" / "conftest.py").read_text()
    assert "*LAB_ARGS" in conftest and "*VOILA_ARGS" in conftest


def test_command_writes_the_config(tmp_path, capsys):
    assert server.main(["--write-config", str(tmp_path)]) == 0
    assert "jupyter_server_config.json" in capsys.readouterr().out
    assert json.loads((tmp_path / "jupyter_server_config.json").read_text()) == server.server_config()


def test_binder_setup_installs_the_kits_voila_template_and_app_mode_uses_it(tmp_path):
    """What postBuild runs: a fresh Jupyter Server's Voila extension reads template=kit from the written
    config and finds the template (with its offline index.html.j2) under the image's prefix."""
    assert server.main(["--write-config", str(tmp_path / "etc" / "jupyter"),
                        "--install-voila-template", str(tmp_path)]) == 0
    installed = tmp_path / "share" / "jupyter" / "voila" / "templates" / "kit"
    assert (installed / "index.html.j2").read_text() == (server.TEMPLATE_SOURCE / "index.html.j2").read_text()
    code = ("from jupyter_server.serverapp import ServerApp; from voila.configuration import VoilaConfiguration; "
            "from voila.paths import collect_template_paths; app = ServerApp(); app.load_config_file(); "
            "conf = VoilaConfiguration(parent=app); print(conf.template); "
            "print(app.config.ServerApp.kernel_websocket_connection_class); "
            "print('\\n'.join(collect_template_paths(['voila', 'nbconvert'], conf.template)))")
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(tmp_path / "etc" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "user"), "JUPYTER_PATH": str(tmp_path / "share" / "jupyter")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=tmp_path).stdout.splitlines()
    assert out[0] == "kit" and out[1] == server.CLASS_PATH
    assert str(installed) in out[2:]
    postbuild = (ROOT / "postBuild").read_text()
    assert "--install-voila-template" in postbuild and "--write-config" in postbuild
