"""What blrd publishes (docs/PROTOCOL.md §2) as numpy arrays with their header: pred/, model/ and alert/ messages, with
the `pubseq` counter followed to count lost messages and the `instance` to tell a restart from a loss."""
import json
from dataclasses import dataclass, field

import numpy as np
import zmq

_PRED_ARRAYS = {"gaussian": ("mean", "variance"), "probs": ("p",), "poisson": ("rate", "variance")}


@dataclass
class Message:
    """One published message: its topic, its JSON header and its `<f8` frames by name (`mean`, `variance`, `p`
    (n × K), `rate`, `precision` (p × p for gaussian-full))."""
    topic: str
    header: dict
    arrays: dict = field(default_factory=dict)

    @property
    def kind(self):
        """pred, model or alert."""
        return self.topic.split("/", 1)[0]


class Subscriber:
    """A SUB on blrd's publish endpoint, subscribed to `topics` (prefixes; default everything).

    `lost` counts messages missing from the `pubseq` sequence of an instance (pubseq counts every message blrd
    publishes, so it is None unless the subscription is to everything, ""); `restarts` counts new instances after
    the first (pubseq starts at 1 again then, which is not a loss). Like any SUB it misses what blrd publishes
    before its subscription arrives, and while it reconnects after a restart of blrd.
    """

    def __init__(self, endpoint, topics=("",), context=None, high_water_mark=0):
        self._context = context or zmq.Context.instance()
        self._socket = self._context.socket(zmq.SUB)
        self._socket.setsockopt(zmq.RCVHWM, high_water_mark)
        self._socket.setsockopt(zmq.LINGER, 0)
        for topic in topics:
            self._socket.setsockopt(zmq.SUBSCRIBE, topic.encode())
        self._socket.connect(endpoint)
        self.instance = None
        self.pubseq = None
        self.lost = 0 if "" in topics else None
        self.restarts = 0

    def recv(self, timeout=None):
        """The next message, or None after `timeout` seconds (None: wait for ever)."""
        if timeout is not None and not self._socket.poll(int(timeout * 1000), zmq.POLLIN):
            return None
        frames = self._socket.recv_multipart()
        message = self.decode(frames)
        self._follow(message.header)
        return message

    def __iter__(self):
        while True:
            yield self.recv()

    def close(self):
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _follow(self, header):
        instance, pubseq = header.get("instance"), header.get("pubseq")
        if instance != self.instance:
            if self.instance is not None:
                self.restarts += 1
            self.instance = instance
        elif self.lost is not None and pubseq is not None and self.pubseq is not None and pubseq > self.pubseq + 1:
            self.lost += pubseq - self.pubseq - 1
        self.pubseq = pubseq

    @staticmethod
    def decode(frames):
        """A Message from the frames of one published message."""
        topic = frames[0].decode()
        header = json.loads(frames[1])
        raw = [np.frombuffer(f, dtype="<f8") for f in frames[2:]]
        arrays = {}
        if topic.startswith("pred/"):
            names = _PRED_ARRAYS.get(header.get("kind"), ())
            arrays = dict(zip(names, raw))
            if "p" in arrays and header.get("n"):
                arrays["p"] = arrays["p"].reshape(header["n"], -1)
        elif topic.startswith("model/") and len(raw) >= 2:
            mean, precision = raw[0], raw[1]
            if header.get("family") == "gaussian-full":
                precision = precision.reshape(mean.size, mean.size)
            arrays = {"mean": mean, "precision": precision}
        return Message(topic, header, arrays)
