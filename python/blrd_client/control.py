"""The control socket (docs/PROTOCOL.md §3): one REQ socket per request, with a timeout, so a daemon that is down costs
at most the timeout and never wedges the REQ state machine."""
import json

import numpy as np
import zmq

from .errors import ControlError, ControlTimeout

_ARRAYS = ("mean", "variance", "p", "rate")


class Control:
    """status, describe, predict, snapshot, restore, reset on blrd's control endpoint."""

    def __init__(self, endpoint, timeout=5.0, context=None):
        self.endpoint = endpoint
        self.timeout = timeout
        self._context = context or zmq.Context.instance()

    def request(self, request, timeout=None):
        """The reply object to `request` (a dict); ControlTimeout when nothing answers, ControlError on {"error"}."""
        milliseconds = int(1000 * (self.timeout if timeout is None else timeout))
        socket = self._context.socket(zmq.REQ)
        try:
            socket.setsockopt(zmq.LINGER, 0)
            socket.setsockopt(zmq.RCVTIMEO, milliseconds)
            socket.setsockopt(zmq.SNDTIMEO, milliseconds)
            socket.connect(self.endpoint)
            socket.send(json.dumps(request).encode())
            try:
                body = socket.recv()
            except zmq.Again:
                raise ControlTimeout(
                    f"blrd did not answer {request.get('op')!r} at {self.endpoint} within "
                    f"{milliseconds / 1000:g} s: is it running?") from None
        finally:
            socket.close()
        reply = json.loads(body)
        if not isinstance(reply, dict):
            raise ControlError(f"blrd at {self.endpoint} answered with {type(reply).__name__}, not an object")
        if "error" in reply:
            raise ControlError(f"blrd refused {request.get('op')!r}: {reply['error']}")
        return reply

    def status(self):
        return self.request({"op": "status"})

    def describe(self, stream, timeout=None):
        """The stream's features, task, classes, epoch, last_seq, durable_seq under the daemon's instance."""
        return self.request({"op": "describe", "stream": stream}, timeout)

    def predict(self, model, x):
        """The predictive distribution for the rows of x, its arrays as numpy arrays (p is n × K)."""
        x = np.asarray(x, dtype=float)
        if x.ndim == 1:
            x = x[None, :]
        reply = self.request({"op": "predict", "model": model, "x": x.tolist()})
        for key in _ARRAYS:
            if key in reply:
                reply[key] = np.asarray(reply[key], dtype=float)
        return reply

    def snapshot(self, model):
        """Writes a snapshot now; its version."""
        return self.request({"op": "snapshot", "model": model})["version"]

    def restore(self, model, version):
        """The posterior becomes snapshot `version`, recorded as a new version (returned)."""
        return self.request({"op": "restore", "model": model, "version": int(version)})["version"]

    def reset(self, model):
        """Back to the prior, recorded as a new version (returned)."""
        return self.request({"op": "reset", "model": model})["version"]
