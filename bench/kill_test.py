#!/usr/bin/env python3
"""The kill test (issue 8): blrd is SIGKILLed at random moments while two resuming publishers stream into it, and
must end with exactly the posterior of an uninterrupted run.

One blrd, two regression streams:
  a  fed by `blr-publish --control` (a synthetic stream with an abrupt drift, blrd binds, blr-publish connects);
  b  fed by blrd_client.Publisher in a thread of this script (its own deterministic data; it binds, blrd connects).
Each stream has an exact model (conjugate, full covariance, fixed noise, no forgetting, no calibration, no
standardisation) and the default `auto` model; stream b also has an IVON model (Monte-Carlo draws from an RNG
whose state the snapshots carry).

The killed run: blrd is killed with SIGKILL `--kills` times at random moments (seeded; gaps of 0.5–3 s from its
start, so some kills land while it restores and replays its journal) and restarted with the same configuration
and state file, at once or after a short random delay. The publishers are not told: they notice the restarts
themselves. When both have finished (each waits until its last batch is durable), blrd gets SIGTERM (exit 0
expected). The reference run: the same publishers on the same data into a blrd that is never interrupted.

Checks (exit 1 when any fails):
  - every publisher exited cleanly, having seen its last batch durable;
  - blrd exited 0 at SIGTERM in both runs;
  - the final snapshot of every model: mean and precision bit-identical (float64 arrays exported with
    `blrctl export --format npy`, compared as bytes), and the whole snapshot blob (every member of `auto`, the
    optimiser and RNG state, the scaler, the detectors, the metrics) byte-identical to the reference;
  - examples seen (the prequential metrics' n) and the last seq of every model equal to what was sent: no batch
    applied twice, none lost;
  - no gap alert and no input alert (rejected message) in the killed run's state file;
  - at least `--kills` kills done while the publishers were streaming.

Usage: python3 bench/kill_test.py [--seed 1] [--kills 30]   (make kill-test builds the release binaries first)
"""
import argparse
import datetime
import json
import os
import pathlib
import platform
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

import numpy as np

REPOSITORY = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY / "python"))
from blrd_client import Control, ControlTimeout, Publisher  # noqa: E402

BIN = REPOSITORY / ".build" / "release"
D_A, D_B = 8, 6
EXACT = """
[[model]]
name = "{stream}_exact"
stream = "{stream}"
likelihood = "gaussian"
posterior = "full"
rule = "conjugate"
noise_variance = 0.25
forgetting = "none"
calibrate = false
standardize = false
snapshot_every = {every}
"""
AUTO = """
[[model]]
name = "{stream}_auto"
stream = "{stream}"
"""
IVON = """
[[model]]
name = "b_ivon"
stream = "b"
likelihood = "gaussian"
rule = "ivon"
noise_variance = 0.25
snapshot_every = 11
"""


def config(directory):
    d = directory
    return (f'[daemon]\nstate = "{d}/state.sqlite"\npublish = "ipc://{d}/pub"\ncontrol = "ipc://{d}/control"\n'
            f'log_level = "notice"\n\n'
            f'[[stream]]\nname = "a"\nbind = "ipc://{d}/a"\nfeatures = {D_A}\ntask = "regression"\n\n'
            f'[[stream]]\nname = "b"\nconnect = "ipc://{d}/b"\nfeatures = {D_B}\ntask = "regression"\n'
            + EXACT.format(stream="a", every=7) + AUTO.format(stream="a")
            + EXACT.format(stream="b", every=5) + AUTO.format(stream="b") + IVON)


MODELS = ["a_exact", "a_auto", "b_exact", "b_auto", "b_ivon"]
STREAM_OF = {m: m[0] for m in MODELS}


class Daemon:
    def __init__(self, directory):
        self.directory = directory
        self.config = os.path.join(directory, "blrd.toml")
        with open(self.config, "w") as f:
            f.write(config(directory))
        self.control = Control(f"ipc://{directory}/control", timeout=1)
        self.log = open(os.path.join(directory, "blrd.log"), "ab")
        self.process = None
        self.starts = 0

    def start(self):
        self.process = subprocess.Popen([str(BIN / "blrd"), "--config", self.config], stdout=self.log,
                                        stderr=self.log)
        self.starts += 1

    def ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"blrd exited with {self.process.returncode}; see {self.directory}/blrd.log")
            try:
                return self.control.status()
            except ControlTimeout:
                pass
        raise RuntimeError(f"blrd did not answer status within {timeout} s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def terminate(self, timeout=60):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return "timeout"


def stream_b(count, batch, seed=20260):
    """Stream b's data: a linear-Gaussian regression whose weights change at two thirds, x not standardised (an
    offset and unequal scales), so auto's scaler and drift detector have something to do."""
    rng = np.random.default_rng(seed)
    w1, w2 = rng.normal(size=D_B), rng.normal(size=D_B)
    scale = np.exp(rng.normal(size=D_B))
    for i in range(count):
        x = 3.0 + scale * rng.normal(size=(batch, D_B))
        w = w1 if i < 2 * count // 3 else w2
        yield x, x @ w + 1.5 + 0.5 * rng.normal(size=batch)


class PythonPublisher(threading.Thread):
    """Stream b through blrd_client.Publisher, paced at `rate` batches/s (on a fixed schedule, like blr-publish:
    after an outage it catches up), then flush() until the last batch is durable."""

    def __init__(self, directory, count, batch, rate):
        super().__init__(daemon=True)
        self.directory, self.count, self.batch, self.rate = directory, count, batch, rate
        self.publisher = None
        self.error = None
        self.sent = 0
        self.max_retained = 0
        self.finished = None

    def run(self):
        try:
            p = Publisher("b", f"ipc://{self.directory}/b", f"ipc://{self.directory}/control", bind=True,
                          features=D_B, task="regression", wait=60)
            self.publisher = p
            start = time.monotonic()
            for i, (x, y) in enumerate(stream_b(self.count, self.batch)):
                delay = start + i / self.rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                p.send(x, y)
                self.sent += 1
                self.max_retained = max(self.max_retained, p.retained)
            p.flush(120)
            p.close()
        except Exception as error:  # noqa: BLE001 - reported as a failed check
            self.error = f"{type(error).__name__}: {error}"
        finally:
            self.finished = time.monotonic()


class BlrPublish:
    """Stream a through `blr-publish --control`."""

    def __init__(self, directory, count, batch, rate):
        self.count = count
        self.log_path = os.path.join(directory, "blr-publish.log")
        self.log = open(self.log_path, "wb")
        self.arguments = [
            str(BIN / "blr-publish"), "--stream", "a", "--endpoint", f"ipc://{directory}/a", "--connect",
            "--control", f"ipc://{directory}/control", "--synthetic", "abrupt", "--every", str(count * batch // 2),
            "--features", str(D_A), "--count", str(count * batch), "--batch", str(batch), "--rate", str(rate),
            "--seed", "7", "--quiet", "--wait", "60", "--durable-timeout", "120"]
        self.process = subprocess.Popen(self.arguments, stdout=self.log, stderr=subprocess.STDOUT)
        self.finished = None

    def poll(self):
        if self.process.poll() is not None and self.finished is None:
            self.finished = time.monotonic()
        return self.process.returncode

    def result(self):
        self.process.wait()
        self.poll()
        self.log.close()
        output = pathlib.Path(self.log_path).read_text(errors="replace")
        m = re.search(r"(\d+) restart\(s\) of blrd, (\d+) batch\(es\) resent", output)
        restarts, resent = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        instances = set(re.findall(r"blrd (?:restarted \(instance|instance) ([^):]+)", output))
        return self.process.returncode, restarts, resent, output, instances


class Monitor(threading.Thread):
    """Asks describe for both streams every 50 ms: the largest last_seq − durable_seq, and the instances seen."""

    def __init__(self, directory):
        super().__init__(daemon=True)
        self.control = Control(f"ipc://{directory}/control", timeout=0.25)
        self.stop = threading.Event()
        self.max_lag = {"a": 0, "b": 0}
        self.instances = set()
        self.answers = []  # monotonic times of the answers
        self.python = None  # the PythonPublisher, whose Publisher's current instance is sampled
        self.python_instances = set()

    def run(self):
        while not self.stop.is_set():
            for stream in ("a", "b"):
                try:
                    d = self.control.describe(stream)
                except ControlTimeout:
                    continue
                except Exception:  # noqa: BLE001 - a daemon killed mid-reply
                    continue
                self.instances.add(d["instance"])
                self.answers.append(time.monotonic())
                if d.get("last_seq") is not None:
                    lag = d["last_seq"] - (d.get("durable_seq") if d.get("durable_seq") is not None else -1)
                    self.max_lag[stream] = max(self.max_lag[stream], lag)
            publisher = self.python.publisher if self.python else None
            if publisher is not None:
                self.python_instances.add(publisher.instance)
            self.stop.wait(0.05)


def run(directory, args, kills, rng):
    """One run: the daemon, both publishers, `kills` SIGKILLs (none for the reference); the figures."""
    daemon = Daemon(directory)
    daemon.start()
    daemon.ready()
    began = time.monotonic()
    monitor = Monitor(directory)
    monitor.start()
    python = PythonPublisher(directory, args.batches, args.batch, args.rate)
    monitor.python = python
    python.start()
    cli = BlrPublish(directory, args.batches, args.batch, args.rate)
    done = 0
    started = [began]  # when each blrd process started
    unready = 0  # kills before blrd had answered (while it restored snapshots and replayed its journal)
    streaming = lambda: python.is_alive() or cli.poll() is None  # noqa: E731
    while done < kills and streaming():
        gap = rng.uniform(0.5, 3.0)
        deadline = time.monotonic() + gap
        while time.monotonic() < deadline and streaming():
            time.sleep(0.01)
        if not streaming():
            break
        if not monitor.answers or monitor.answers[-1] < started[-1]:
            unready += 1
        daemon.kill()
        done += 1
        if rng.random() < 0.5:
            time.sleep(rng.uniform(0.0, 1.0))
        daemon.start()
        started.append(time.monotonic())
    python.join()
    code, restarts, resent, output, cli_instances = cli.result()
    finished = max(python.finished or 0, cli.finished or 0)
    monitor.stop.set()
    monitor.join()
    exit_status = daemon.terminate()
    wall = time.monotonic() - began
    daemon.log.close()
    p = python.publisher
    ready = []  # seconds from each restart to the first describe answered
    for k, start in enumerate(started[1:], 1):
        end = started[k + 1] if k + 1 < len(started) else float("inf")
        first = next((t for t in monitor.answers if start < t < end), None)
        if first is not None:
            ready.append(first - start)
    return {
        "unready": unready, "ready": ready,
        "unseen": (len(monitor.instances - cli_instances), len(monitor.instances - monitor.python_instances)),
        "kills": done, "starts": daemon.starts, "wall": wall, "stream_time": finished - began,
        "blrd_exit": exit_status, "instances": len(monitor.instances), "max_lag": monitor.max_lag,
        "a": {"sent": args.batches, "exit": code, "restarts": restarts, "resent": resent, "output": output},
        "b": {"sent": python.sent, "error": python.error, "restarts": p.restarts if p else None,
              "resent": p.resent if p else None, "max_retained": python.max_retained},
    }


def final_state(directory):
    """Per model: the newest snapshot's blob, seq, n, and the exported mean and precision (float64 .npy)."""
    db = os.path.join(directory, "state.sqlite")
    out = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        for model in MODELS:
            row = connection.execute(
                "SELECT version, epoch, seq, state, metrics_json FROM snapshot WHERE model = ? "
                "ORDER BY version DESC LIMIT 1", (model,)).fetchone()
            version, epoch, seq, blob, metrics = row
            export = os.path.join(directory, "export") + "/"
            os.makedirs(export, exist_ok=True)
            subprocess.run([str(BIN / "blrctl"), "--db", db, "export", f"{model}@{version}", "--format", "npy",
                            "-o", export], check=True, capture_output=True)
            mean = np.load(f"{export}{model}-{version}.mean.npy")
            precision = np.load(f"{export}{model}-{version}.precision.npy")
            out[model] = {"version": version, "seq": seq, "epoch": epoch, "blob": bytes(blob),
                          "n": json.loads(metrics).get("n"), "mean": mean, "precision": precision}
    alerts = {}
    for kind in ("gap", "input"):
        listed = subprocess.run([str(BIN / "blrctl"), "--db", db, "alerts", "--kind", kind, "--json"],
                                check=True, capture_output=True, text=True).stdout
        alerts[kind] = json.loads(listed)["alerts"]
    return out, alerts


def spread(values):
    return f"{np.median(values):.2f} / {max(values):.2f}" if values else "–"


def identical(x, y):
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="the kill schedule's seed")
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--batches", type=int, default=3000, help="batches per stream")
    parser.add_argument("--batch", type=int, default=20, help="examples per batch")
    parser.add_argument("--rate", type=float, default=30, help="batches/s per stream")
    parser.add_argument("--out", default=str(REPOSITORY / "bench-results"), help="where the table goes")
    parser.add_argument("--keep", action="store_true", help="keep the runs' directories (state, logs)")
    args = parser.parse_args()
    for tool in ("blrd", "blr-publish", "blrctl"):
        if not os.access(BIN / tool, os.X_OK):
            sys.exit(f"kill_test: no {BIN / tool}; run `swift build -c release` (or `make kill-test`)")

    root = tempfile.mkdtemp(prefix="blrd-kill-")
    killed_dir, reference_dir = os.path.join(root, "killed"), os.path.join(root, "reference")
    os.makedirs(killed_dir)
    os.makedirs(reference_dir)
    print(f"kill test: seed {args.seed}, {args.kills} kills, {args.batches} batches of {args.batch} per stream at "
          f"{args.rate:g}/s; in {root}", flush=True)
    killed = run(killed_dir, args, args.kills, random.Random(args.seed))
    print(f"killed run: {killed['kills']} kills in {killed['wall']:.1f} s", flush=True)
    reference = run(reference_dir, args, 0, random.Random(0))
    print(f"reference run: {reference['wall']:.1f} s", flush=True)
    got, alerts = final_state(killed_dir)
    expected, reference_alerts = final_state(reference_dir)

    checks = []

    def check(name, ok, detail=""):
        checks.append((name, bool(ok), detail))

    check(f"kills done while streaming ≥ {args.kills}", killed["kills"] >= args.kills, f"{killed['kills']}")
    for label, r in (("killed", killed), ("reference", reference)):
        check(f"{label}: blr-publish exit 0", r["a"]["exit"] == 0,
              "" if r["a"]["exit"] == 0 else r["a"]["output"].strip().splitlines()[-1:])
        check(f"{label}: Python Publisher flushed", r["b"]["error"] is None, r["b"]["error"] or "")
        check(f"{label}: blrd exit 0 at SIGTERM", r["blrd_exit"] == 0, f"{r['blrd_exit']}")
    check("reference: no restart seen by the clients",
          reference["a"]["restarts"] == 0 and reference["b"]["restarts"] == 0)
    examples = args.batches * args.batch
    for model in MODELS:
        g, e = got[model], expected[model]
        check(f"{model}: mean bit-identical", identical(g["mean"], e["mean"]),
              f"max |Δ| {np.max(np.abs(g['mean'] - e['mean'])):.3g}" if g["mean"].shape == e["mean"].shape else "")
        check(f"{model}: precision bit-identical", identical(g["precision"], e["precision"]))
        check(f"{model}: snapshot blob byte-identical", g["blob"] == e["blob"],
              f"{len(g['blob'])} vs {len(e['blob'])} bytes")
        check(f"{model}: examples = sent (no batch twice, none lost)",
              g["n"] == examples and e["n"] == examples and g["seq"] == args.batches - 1,
              f"n {g['n']} (reference {e['n']}, sent {examples}), last seq {g['seq']}")
    check("killed: no gap alert", not alerts["gap"], f"{len(alerts['gap'])}")
    check("killed: no input alert (rejection)", not alerts["input"], f"{len(alerts['input'])}")
    check("reference: no gap or input alert", not reference_alerts["gap"] and not reference_alerts["input"])

    lines = [
        f"Kill test, {datetime.date.today().isoformat()}, seed {args.seed}, {platform.node()} "
        f"({os.cpu_count()} cores): {args.batches} batches × {args.batch} examples per stream at {args.rate:g}/s",
        "",
        "| figure | killed run | reference |",
        "|---|---|---|",
        f"| SIGKILLs (blrd starts) | {killed['kills']} ({killed['starts']}) | 0 ({reference['starts']}) |",
        f"| kills before blrd answered (restoring, replaying) | {killed['unready']} | – |",
        f"| restart → first answer, median / max (s) | {spread(killed['ready'])} | – |",
        f"| blrd instances seen by the monitor | {killed['instances']} | {reference['instances']} |",
        f"| batches sent, a (blr-publish) / b (Python) | {killed['a']['sent']} / {killed['b']['sent']} | "
        f"{reference['a']['sent']} / {reference['b']['sent']} |",
        f"| batches resent, a / b | {killed['a']['resent']} / {killed['b']['resent']} | "
        f"{reference['a']['resent']} / {reference['b']['resent']} |",
        f"| restarts seen by the client, a / b | {killed['a']['restarts']} / {killed['b']['restarts']} | "
        f"{reference['a']['restarts']} / {reference['b']['restarts']} |",
        f"| instances a client never described (killed meanwhile), a / b | {killed['unseen'][0]} / "
        f"{killed['unseen'][1]} | {reference['unseen'][0]} / {reference['unseen'][1]} |",
        f"| max last_seq − durable_seq (describe every 50 ms), a / b | {killed['max_lag']['a']} / "
        f"{killed['max_lag']['b']} | {reference['max_lag']['a']} / {reference['max_lag']['b']} |",
        f"| max batches the Python client held not yet durable | {killed['b']['max_retained']} | "
        f"{reference['b']['max_retained']} |",
        f"| streaming time (s) / wall time (s) | {killed['stream_time']:.1f} / {killed['wall']:.1f} | "
        f"{reference['stream_time']:.1f} / {reference['wall']:.1f} |",
        "",
        "| check | result | detail |",
        "|---|---|---|",
    ] + [f"| {name} | {'pass' if ok else '**FAIL**'} | {detail} |" for name, ok, detail in checks]
    table = "\n".join(lines) + "\n"
    print()
    print(table)
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, f"kill-test-seed{args.seed}.md")
    with open(path, "w") as f:
        f.write(table)
    failed = [name for name, ok, _ in checks if not ok]
    if failed or args.keep:
        print(f"runs kept in {root} (blrd.log, blr-publish.log, state.sqlite)")
    else:
        shutil.rmtree(root, ignore_errors=True)
    print(f"{'FAIL' if failed else 'PASS'}: {len(checks) - len(failed)}/{len(checks)} checks; table in {path}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
