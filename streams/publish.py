#!/usr/bin/env python3
"""Publish a numpy stream to blrd and print what comes back: the numpy way in, with pyzmq and numpy only.

    python3 streams/publish.py                    # a synthetic regression stream to the demo config's "sensors"
    python3 streams/publish.py --batches 200 --batch 32

blrd connects to this publisher (config: [[stream]] connect = "tcp://127.0.0.1:5555"); this script binds an
XPUB and waits until blrd has subscribed before sending, so no batch is lost. Each batch goes in the binary
form of docs/PROTOCOL.md §1: frame 0 the stream name, frame 1 a JSON header, then the raw bytes of x and y.
"""
import argparse
import json
import sys
import time

import numpy as np
import zmq


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stream", default="sensors")
    parser.add_argument("--features", type=int, default=8)
    parser.add_argument("--endpoint", default="tcp://127.0.0.1:5555", help="where this publisher binds")
    parser.add_argument("--daemon", default="tcp://127.0.0.1:5556", help="blrd's publish endpoint")
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--start-seq", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--wait", type=float, default=30, help="seconds to wait for blrd to subscribe")
    parser.add_argument("--curve-server-key", metavar="FILE", help="blrd's public key file, when it runs with CURVE")
    parser.add_argument("--curve-secret-key", metavar="FILE", help="this client's secret key file (blrctl keygen)")
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    w = rng.normal(size=args.features)
    context = zmq.Context()
    publisher = context.socket(zmq.XPUB)
    use_curve(publisher, args)
    publisher.bind(args.endpoint)
    results = context.socket(zmq.SUB)
    use_curve(results, args)
    results.connect(args.daemon)
    for topic in (f"pred/", f"model/", "alert/"):
        results.setsockopt_string(zmq.SUBSCRIBE, topic)

    # blrd subscribes to the stream name: XPUB delivers that subscription to us.
    if not publisher.poll(int(args.wait * 1000)):
        print(f"blrd did not subscribe to {args.endpoint} within {args.wait} s", file=sys.stderr)
        return 2
    publisher.recv()
    time.sleep(0.2)  # let our own SUB's subscription reach blrd's PUB

    poller = zmq.Poller()
    poller.register(results, zmq.POLLIN)
    for k in range(args.batches):
        x = rng.normal(size=(args.batch, args.features)).astype("<f4")
        y = (x @ w + 0.5 * rng.normal(size=args.batch)).astype("<f8")
        seq = args.start_seq + k
        header = {"seq": seq, "x": {"dtype": x.dtype.str, "shape": list(x.shape)},
                  "y": {"dtype": y.dtype.str, "shape": list(y.shape)}}
        publisher.send_string(args.stream, zmq.SNDMORE)
        publisher.send_json(header, zmq.SNDMORE)
        publisher.send(x.tobytes(), zmq.SNDMORE)
        publisher.send(y.tobytes())
        while dict(poller.poll(50 if k < args.batches - 1 else 1000)).get(results):
            show(results.recv_multipart())
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


def show(frames):
    topic = frames[0].decode()
    header = json.loads(frames[1])
    if topic.startswith("pred/"):
        arrays = [np.frombuffer(f, dtype="<f8") for f in frames[2:]]
        if header["kind"] == "gaussian":
            mean, var = arrays
            print(f"{topic:24} seq {header['seq']:5}  mean[0] {mean[0]:+.3f} ± {np.sqrt(var[0]):.3f}")
        else:
            print(f"{topic:24} seq {header['seq']:5}  {header['kind']} {arrays[0][:4]}")
    elif topic.startswith("model/"):
        mean = np.frombuffer(frames[2], dtype="<f8")
        metrics = " ".join(f"{k} {v:.4g}" for k, v in sorted(header["metrics"].items()) if k != "n")
        print(f"{topic:24} seq {header['seq']:5}  version {header['version']:5}  |m| {np.linalg.norm(mean):.3f}  {metrics}")
    else:
        print(f"{topic:24} {json.dumps({k: v for k, v in header.items() if k not in ('pubseq', 'instance')})}")


if __name__ == "__main__":
    sys.exit(main())
