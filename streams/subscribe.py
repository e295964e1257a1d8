#!/usr/bin/env python3
"""Print what blrd publishes — predictions, models, alerts — with pyzmq and numpy only.

    python3 streams/subscribe.py                       # everything from the demo daemon
    python3 streams/subscribe.py --topic alert/        # only alerts
    python3 streams/subscribe.py --plot                # a live chart of prequential loss and drift alerts

pubseq counts every message blrd publishes from 1 at each start (instance changes on a restart), so a gap in
it means this subscriber lost messages.
"""
import argparse
import json
import sys

import numpy as np
import zmq


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--daemon", default="tcp://127.0.0.1:5556")
    parser.add_argument("--topic", action="append", help="topic prefix (repeatable); default: everything")
    parser.add_argument("--count", type=int, default=0, help="stop after this many messages (0: never)")
    parser.add_argument("--plot", action="store_true", help="live matplotlib chart of loss and drift alerts")
    parser.add_argument("--curve-server-key", metavar="FILE", help="blrd's public key file, when it runs with CURVE")
    parser.add_argument("--curve-secret-key", metavar="FILE", help="this client's secret key file (blrctl keygen)")
    args = parser.parse_args()

    context = zmq.Context()
    socket = context.socket(zmq.SUB)
    use_curve(socket, args)
    socket.connect(args.daemon)
    for topic in args.topic or [""]:
        socket.setsockopt_string(zmq.SUBSCRIBE, topic)
    chart = Chart() if args.plot else None
    last = {}
    seen = 0
    while args.count == 0 or seen < args.count:
        frames = socket.recv_multipart()
        topic, header = frames[0].decode(), json.loads(frames[1])
        instance, pubseq = header.get("instance"), header.get("pubseq")
        if instance in last and pubseq != last[instance] + 1:
            print(f"-- lost {pubseq - last[instance] - 1} messages", file=sys.stderr)
        last[instance] = pubseq
        seen += 1
        if chart:
            chart.add(topic, header)
        else:
            print(describe(topic, header, frames[2:]), flush=True)
    return 0


def use_curve(socket, args):
    """With --curve-server-key and --curve-secret-key, make socket a CURVE client of blrd (ZeroMQ RFC 26).

    The key files are certificates as `blrctl keygen` and zmq.auth.create_certificates write them: the daemon's
    NAME.key and this client's NAME.key_secret, whose NAME.key must be in the daemon's curve_allowed_clients.
    """
    if args.curve_server_key or args.curve_secret_key:
        import zmq.auth
        socket.curve_serverkey, _ = zmq.auth.load_certificate(args.curve_server_key)
        socket.curve_publickey, socket.curve_secretkey = zmq.auth.load_certificate(args.curve_secret_key)


def describe(topic, header, frames):
    fields = {k: v for k, v in header.items() if k not in ("pubseq", "instance", "layout")}
    if frames:
        arrays = [np.frombuffer(f, dtype="<f8") for f in frames]
        fields["arrays"] = [f"{len(a)}×<f8" for a in arrays]
    return f"{topic:28} {json.dumps(fields)}"


class Chart:
    """Prequential loss per model/ message (log-loss or Gaussian NLL) and vertical lines at drift alerts."""

    def __init__(self):
        import matplotlib.pyplot as plt
        self.plt = plt
        plt.ion()
        self.figure, self.axes = plt.subplots()
        self.series = {}
        self.alerts = []

    def add(self, topic, header):
        if topic.startswith("model/"):
            metrics = header.get("metrics", {})
            loss = metrics.get("log_loss", metrics.get("nll"))
            if loss is not None:
                self.series.setdefault(header["model"], []).append((header["seq"], loss))
        elif topic.startswith("alert/drift/"):
            self.alerts.append(header["seq"])
        else:
            return
        self.axes.clear()
        for name, points in self.series.items():
            self.axes.plot(*zip(*points), label=name)
        for seq in self.alerts:
            self.axes.axvline(seq, color="red", alpha=0.4)
        self.axes.set_xlabel("seq")
        self.axes.set_ylabel("prequential loss (running)")
        self.axes.legend(loc="upper right")
        self.plt.pause(0.001)


if __name__ == "__main__":
    sys.exit(main())
