"""A real blrd process for the client tests: a temporary directory, ipc endpoints, SIGKILL and restart.

The binary is $BLRD_BIN, else the repository's .build/debug/blrd."""
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import time

from blrd_client import Control, ControlTimeout

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]


def binary():
    path = os.environ.get("BLRD_BIN") or str(REPOSITORY / ".build" / "debug" / "blrd")
    if not os.access(path, os.X_OK):
        raise unittest_skip(f"no blrd binary at {path} (build it, or set BLRD_BIN)")
    return path


def unittest_skip(reason):
    import unittest
    return unittest.SkipTest(reason)


class Daemon:
    """blrd with one stream `stream` of `features` features and task `task`; blrd binds the stream's endpoint when
    `daemon_binds`, else connects to it (the publisher binds)."""

    def __init__(self, models, stream="lin", features=3, task="regression", classes=None, daemon_binds=False,
                 state_directory=None, daemon_lines=""):
        self.directory = tempfile.mkdtemp(prefix="blrd-py-")
        state = os.path.join(state_directory or self.directory, "state.sqlite")
        self.publish = f"ipc://{self.directory}/pub"
        self.control_endpoint = f"ipc://{self.directory}/control"
        self.ingest = f"ipc://{self.directory}/in"
        side = "bind" if daemon_binds else "connect"
        classes_line = f"classes = {classes}\n" if classes else ""
        config = (f'[daemon]\nstate = "{state}"\npublish = "{self.publish}"\n'
                  f'control = "{self.control_endpoint}"\nlog_level = "warning"\n{daemon_lines}\n'
                  f'[[stream]]\nname = "{stream}"\n{side} = "{self.ingest}"\nfeatures = {features}\n'
                  f'task = "{task}"\n{classes_line}\n{models}')
        self.config = os.path.join(self.directory, "blrd.toml")
        with open(self.config, "w") as f:
            f.write(config)
        self.control = Control(self.control_endpoint, timeout=5)
        self.process = None
        self.log = open(os.path.join(self.directory, "blrd.log"), "ab")

    def start(self):
        self.process = subprocess.Popen([binary(), "--config", self.config], stderr=self.log)
        deadline = time.monotonic() + 20
        while True:
            try:
                return self.control.status()
            except ControlTimeout:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"blrd did not start: {self.stderr()}") from None

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            return self.process.wait(20)
        return None

    def stderr(self):
        self.log.flush()
        with open(os.path.join(self.directory, "blrd.log"), "rb") as f:
            return f.read().decode(errors="replace")

    def close(self):
        try:
            self.stop()
        finally:
            if self.process and self.process.poll() is None:
                self.process.kill()
            self.log.close()
            shutil.rmtree(self.directory, ignore_errors=True)
