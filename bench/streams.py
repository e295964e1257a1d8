#!/usr/bin/env python3
"""blrd against river and Vowpal Wabbit on the public streams of ../shared/streams, in one run, on one machine.

For every public stream (`make bench-streams` runs this with the .venv-bench python):
1. A fresh blrd (.build/release) on a config written to a temp dir, with the stream's models. blr-publish replays
   X/y at full speed in batches of 64; a SUB collects `pred/` (reassembled per model in seq order) and `model/`;
   the predictions are scored with the stream directory's metrics.py. Throughput: n / (time from the start of
   blr-publish to the last `model/` of every model of the stream). The models of a stream share its thread, so
   this is the stream's rate with all its models (by default the one `auto` model; `--rules` adds single rules),
   one figure for all of its rows.
2. Latency, closed loop: 300 more batches from this script (seqs continue after the replay's), each sent only
   once the previous one's `model/` came back for every model; p50/p99 per model of send → its `model/`.
3. The anchors on the same arrays, prequential: river StandardScaler | LogisticRegression (binary), SoftmaxRegression
   (multiclass) and BayesianLinearRegression(alpha=1, beta=4) (regression) one example at a time in this process,
   timed around the predict-then-learn loop only; VW logistic, oaa and squared at VW's own speed, reading a text
   file it is given (`-d`) and writing its progressive predictions (`-p`), timed around that run only.

Wiring: blrd's stream binds and publishers connect, so blr-publish does the replay and, once it has exited, this
script connects a publisher of its own to the same endpoint for the latency phase (no restart, no seq gap). Slow
joiner: a second stream, `probe`, connects to an XPUB bound here; unlabelled probe batches are re-sent until
`pred/probe` comes back, which proves that our SUB's subscriptions are live at blrd's PUB before any data flows.

Usage: bench/streams.py [--streams ../shared/streams] [--out bench-results] [--only NAME ...]
"""
import argparse
import csv
import importlib.util
import json
import math
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
import zmq

from anchors import vw_reading_its_file  # bench/anchors.py: VW at its own speed

STREAMS = ("sea_abrupt", "hyperplane_gradual", "linreg_stationary", "linreg_switch", "bananas")
BATCH = 64
LATENCY_BATCHES = 300
# The default model: a [[model]] with only a name and a stream (auto). `--rules` adds single rules at their defaults,
# on the same stream thread (then samples/s is that of all of them together).
DEFAULT = {"binary": {"auto": {}}, "regression": {"auto": {}}, "multiclass": {"auto": {}}}
RULES = {
    "binary": {
        "laplace": {"rule": "laplace"},
        "vogn": {"rule": "vogn"},
    },
    "regression": {
        "conjugate": {"rule": "conjugate"},
        "ivon": {"rule": "ivon"},
    },
    "multiclass": {
        "laplace-block": {"posterior": "block", "rule": "laplace"},
    },
}
MODELS = DEFAULT
# `--linear`: a single linear model beside auto on every stream (laplace, or conjugate for regression), with its
# defaults (adaptive forgetting, bocpd): issue 10's false-alarm yardstick is a linear model on bananas.
LINEAR = {"binary": {"linear": {"rule": "laplace"}}, "regression": {"linear": {"rule": "conjugate"}},
          "multiclass": {"linear": {"posterior": "block", "rule": "laplace"}}}
# drift_detectors.csv matches an alarm to a drift point t inside [t - width // 2, min(t + 5000, next drift)).
MATCH_AFTER = 5000
# Our anchor → its row in the stream directory's anchors.csv (the published numbers, printed beside ours).
PUBLISHED = {"river LogisticRegression": "river_logreg_sgd", "VW logistic": "vw_logistic",
             "river BayesianLinearRegression": "river_blr_matched", "VW squared": "vw_squared",
             "river SoftmaxRegression": "river_softmax", "VW oaa logistic": "vw_logistic"}
COLUMNS = ["stream", "learner", "acc_or_rmse", "logloss_or_nll", "nll_kind", "ece15", "picp90", "brier",
           "recovery", "drift_alarms", "samples_per_s", "p50_us", "p99_us", "blrd_best", "blrd_best_ratio", "dropped_batches",
           "published_metric", "published_samples_per_s"]


def free_port():
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Daemon:
    """A blrd on a fresh config and state in a temp dir, our SUB on its PUB and our XPUB for its `probe` stream."""

    def __init__(self, binaries, name, d, task, classes=None):
        self.tmp = Path(tempfile.mkdtemp(prefix=f"blrd-{name}-"))
        self.ingest = f"tcp://127.0.0.1:{free_port()}"
        publish, probe = f"tcp://127.0.0.1:{free_port()}", f"ipc://{self.tmp}/probe"
        self.models = list(MODELS[task])
        lines = ["[daemon]", f'state = "{self.tmp}/blrd.sqlite"', f'publish = "{publish}"',
                 f'control = "ipc://{self.tmp}/control"',
                 # Every pred/ must reach the scorer: one subscriber, batches of 64 rows, a generous limit.
                 'memory_limit = "8 GiB"', 'max_message_bytes = "256 KiB"', "max_subscribers = 1", "",
                 "[[stream]]", f'name = "{name}"', f'bind = "{self.ingest}"', f"features = {d}", f'task = "{task}"']
        lines += [f"classes = {classes}", ""] if task == "multiclass" else [""]
        lines += [
                 "[[stream]]", 'name = "probe"', f'connect = "{probe}"', "features = 1", 'task = "regression"', "",
                 "[[model]]", 'name = "probe"', 'stream = "probe"', 'likelihood = "gaussian"']
        for model, keys in MODELS[task].items():
            lines += ["", "[[model]]", f'name = "{model}"', f'stream = "{name}"', "snapshot_every = 100"]
            lines += [f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v!r}" for k, v in keys.items()]
        (self.tmp / "blrd.toml").write_text("\n".join(lines) + "\n")
        self.context = zmq.Context()
        self.sub = self.context.socket(zmq.SUB)
        self.sub.setsockopt(zmq.RCVHWM, 0)
        self.sub.connect(publish)
        for prefix in ("alert/", "model/", "pred/"):  # pred/ last: once pred/probe arrives, all three are live
            self.sub.setsockopt_string(zmq.SUBSCRIBE, prefix)
        self.probe = self.context.socket(zmq.XPUB)
        self.probe.bind(probe)
        self.log = open(self.tmp / "blrd.log", "wb")
        self.proc = subprocess.Popen([str(binaries / "blrd"), "--config", str(self.tmp / "blrd.toml")], stderr=self.log)

    def receive(self, timeout_ms):
        """(arrival time, topic, header, array frames) of the next published message, or None on timeout."""
        if not self.sub.poll(timeout_ms):
            return None
        frames = self.sub.recv_multipart()
        return time.perf_counter(), frames[0].decode(), json.loads(frames[1]), frames[2:]

    def wait_ready(self, timeout=60.0):
        """Re-send an unlabelled probe batch until its pred/probe comes back (blrd up, our SUB live)."""
        deadline = time.monotonic() + timeout
        while not self.probe.poll(100):  # blrd's probe stream subscribes to "probe"
            self.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"blrd never connected its probe stream; log: {self.tmp}/blrd.log")
        self.probe.recv()
        for seq in range(int(timeout * 10)):
            x = np.zeros((1, 1), "<f8")
            header = {"seq": seq, "x": {"dtype": x.dtype.str, "shape": list(x.shape)}}
            self.probe.send_multipart([b"probe", json.dumps(header).encode(), x.tobytes()])
            while (msg := self.receive(100)) is not None:
                if msg[1] == "pred/probe":
                    return
            self.check_alive()
        raise RuntimeError("no pred/probe came back")

    def check_alive(self):
        if self.proc.poll() is not None:
            raise RuntimeError(f"blrd exited ({self.proc.returncode}): {(self.tmp / 'blrd.log').read_text()[-2000:]}")

    def stop(self):
        """SIGTERM, wait for the final snapshots; the exit status (0 expected)."""
        self.proc.terminate()
        try:
            status = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            status = self.proc.wait()
        self.log.close()
        self.context.destroy(linger=0)
        return status


def replay(daemon, binaries, name, x_path, y_path, task, n):
    """blr-publish the whole stream; collect pred/ per model and seq, drift alarms, other alerts, throughput."""
    last = math.ceil(n / BATCH) - 1
    preds = {m: {} for m in daemon.models}
    alarms, sensitive = {m: 0 for m in daemon.models}, {m: 0 for m in daemon.models}
    alarm_rows = {m: [] for m in daemon.models}  # the example index after each alarm's batch
    done, alerts, headers = {}, [], {}
    command = [str(binaries / "blr-publish"), "--stream", name, "--endpoint", daemon.ingest, "--connect",
               "--npy", str(x_path), str(y_path), "--batch", str(BATCH), "--task", task, "--quiet"]
    start = time.perf_counter()
    publisher = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    while len(done) < len(preds):
        msg = daemon.receive(60_000)
        if msg is None:
            publisher.kill()
            said = publisher.communicate()[0].strip()
            raise RuntimeError(f"nothing for 60 s; model/ {last} only from {sorted(done)}; blr-publish: {said}")
        at, topic, header, frames = msg
        kind, _, who = topic.partition("/")
        if kind == "pred" and who in preds:
            preds[who][header["seq"]] = frames
        elif kind == "model" and who in preds and header["seq"] == last:
            done[who], headers[who] = at, header
        elif topic.startswith(("alert/drift/", "alert/sensitivity/")) and who.partition("/")[2] in alarms:
            counts = alarms if who.startswith("drift/") else sensitive
            counts[who.partition("/")[2]] += 1
            if who.startswith("drift/"):
                alarm_rows[who.partition("/")[2]].append(min(n, (header["seq"] + 1) * BATCH))
        elif kind == "alert":  # alert/input (rejected), alert/gap (a seq jump): a problem worth a note
            alerts.append(f"{topic} {json.dumps(header)}")
    summary = publisher.communicate(timeout=60)[0].strip().splitlines()
    elapsed = max(done.values()) - start
    return {"preds": preds, "alarms": alarms, "alarm_rows": alarm_rows, "sensitive": sensitive, "alerts": alerts, "next_seq": last + 1,
            "samples_per_s": n / elapsed, "metrics": {m: h.get("metrics", {}) for m, h in headers.items()},
            "publisher": summary[-1] if summary else f"blr-publish status {publisher.returncode}"}


def assemble(chunks, task, n, classes=2):
    """One model's per-row predictions from its pred/ frames: P(y=1) (binary), P (n × K, multiclass) or (mean,
    variance); NaN where a batch never came; and the number of such batches."""
    batches = math.ceil(n / BATCH)
    width = classes if task == "multiclass" else 2
    out = np.full((n, width), np.nan)
    for seq in (s for s in chunks if s < batches):
        rows, arrays = slice(seq * BATCH, min(n, seq * BATCH + BATCH)), [np.frombuffer(f, "<f8") for f in chunks[seq]]
        if task in ("binary", "multiclass"):
            out[rows] = arrays[0].reshape(-1, width)
        else:
            out[rows, 0], out[rows, 1] = arrays[:2]
    dropped = batches - sum(1 for s in chunks if s < batches)
    if task == "binary":
        return out[:, 1], dropped
    return (out if task == "multiclass" else (out[:, 0], out[:, 1])), dropped


def latency(daemon, name, X, y, first_seq):
    """Closed loop: send one batch, wait for its model/ from every model; per model (p50, p99) in µs."""
    publisher = daemon.context.socket(zmq.XPUB)
    publisher.connect(daemon.ingest)
    if not publisher.poll(10_000):
        raise RuntimeError("blrd's stream did not subscribe to the latency publisher")
    publisher.recv()
    spent = {m: [] for m in daemon.models}
    for k in range(LATENCY_BATCHES):
        lo = (k * BATCH) % (len(y) - BATCH)
        xb, yb = np.ascontiguousarray(X[lo:lo + BATCH]), np.ascontiguousarray(y[lo:lo + BATCH])
        seq = first_seq + k
        header = {"seq": seq, "x": {"dtype": xb.dtype.str, "shape": list(xb.shape)},
                  "y": {"dtype": yb.dtype.str, "shape": list(yb.shape)}}
        sent = time.perf_counter()
        publisher.send_multipart([name.encode(), json.dumps(header).encode(), xb.tobytes(), yb.tobytes()])
        pending = set(spent)
        while pending:
            msg = daemon.receive(10_000)
            if msg is None:
                raise RuntimeError(f"{name}: no model/ for latency seq {seq} from {sorted(pending)}")
            at, topic, header, _ = msg
            who = topic.partition("/")[2]
            if topic.startswith("model/") and who in pending and header["seq"] == seq:
                spent[who].append((at - sent) * 1e6)
                pending.discard(who)
    publisher.close(linger=0)
    return {m: (float(np.percentile(v, 50)), float(np.percentile(v, 99))) for m, v in spent.items()}


def anchors(X, y, task, classes=2):
    """The anchors, prequential, one example at a time: {name: (seconds of the loop, predictions)}."""
    from river import linear_model, preprocessing
    names = [f"x{j}" for j in range(X.shape[1])]
    table, labels, out = X.astype(np.float64).tolist(), y.tolist(), {}
    rows, n = [dict(zip(names, r)) for r in table], len(labels)
    lines = [" ".join(f"x{j}:{v:.9g}" for j, v in enumerate(r)) for r in table]
    if task == "binary":
        river, p = preprocessing.StandardScaler() | linear_model.LogisticRegression(), np.empty(n)
        start = time.perf_counter()
        for i, (x, t) in enumerate(zip(rows, labels)):
            p[i] = river.predict_proba_one(x).get(True, 0.5)
            river.learn_one(x, bool(t))
        out["river LogisticRegression"] = (time.perf_counter() - start, p)
        out["VW logistic"] = vw_reading_its_file([f"{1 if t else -1} | {f}" for f, t in zip(lines, labels)],
                                                 "--loss_function logistic --link logistic", np.loadtxt)
    elif task == "multiclass":
        river, P = preprocessing.StandardScaler() | linear_model.SoftmaxRegression(), np.zeros((n, classes))
        start = time.perf_counter()
        for i, (x, t) in enumerate(zip(rows, labels)):
            for c, p in river.predict_proba_one(x).items():
                P[i, int(c)] = p
            river.learn_one(x, int(t))
        out["river SoftmaxRegression"] = (time.perf_counter() - start, P)
        out["VW oaa logistic"] = vw_reading_its_file(
            [f"{int(t) + 1} | {f}" for f, t in zip(lines, labels)],
            f"--oaa {classes} --probabilities --loss_function logistic",
            lambda path: np.array([[float(c.split(":")[1]) for c in line.split()] for line in open(path)]))
    else:
        river, mu, var = linear_model.BayesianLinearRegression(alpha=1, beta=4), np.empty(n), np.empty(n)
        start = time.perf_counter()
        for i, (x, t) in enumerate(zip(rows, labels)):
            dist = river.predict_one(x, with_dist=True)
            mu[i], var[i] = dist.mu, dist.sigma ** 2
            river.learn_one(x, t)
        out["river BayesianLinearRegression"] = (time.perf_counter() - start, (mu, var))
        seconds, mu = vw_reading_its_file([f"{t!r} | {f}" for f, t in zip(lines, labels)], "--loss_function squared",
                                          np.loadtxt)
        out["VW squared"] = (seconds, (mu, None))
    return out


def score(metrics, task, y, pred, drift_points):
    """metrics.py's scores as a partial table row: on the rows that have a prediction (no recovery if some lack one)."""
    mu, var = (pred, None) if task in ("binary", "multiclass") else pred
    ok = np.isfinite(mu) if mu.ndim == 1 else np.isfinite(mu).all(axis=1)
    drift = drift_points if ok.all() else ()
    mean = lambda values: float(np.mean(values)) if values else None
    if task in ("binary", "multiclass"):
        s = metrics.score_classification(y[ok], mu[ok], drift)
        return {"acc_or_rmse": s["accuracy"], "logloss_or_nll": s["log_loss"], "nll_kind": "log-loss",
                "ece15": s["ece15"], "brier": s["brier"], "recovery": mean(s.get("recovery_accuracy"))}
    s = metrics.score_regression(y[ok], mu[ok], None if var is None else var[ok], drift)
    return {"acc_or_rmse": s["rmse"], "logloss_or_nll": s.get("gaussian_nll", s.get("nll_plugin")),
            "nll_kind": "plug-in" if var is None else "gaussian", "picp90": s.get("picp90"),
            "recovery": mean(s.get("recovery_rmse"))}


def run_stream(args, metrics, published, name):
    """Every learner on one stream: blrd's rows (replay, latency) then the anchors'. Notes go to `notes`."""
    directory = Path(args.streams)
    spec = json.loads((directory / f"{name}.json").read_text())
    X, y = np.load(directory / f"{name}.X.npy"), np.load(directory / f"{name}.y.npy")
    task, n, drift = spec["task"], len(y), spec.get("drift_points", [])
    notes, rows, detections = [], [], []
    print(f"== {name}: n {n}, d {X.shape[1]}, {task}; blrd replay", file=sys.stderr)
    classes = int(spec.get("n_classes") or 2)
    daemon = Daemon(args.binaries, name, X.shape[1], task, classes)
    try:
        daemon.wait_ready()
        run = replay(daemon, args.binaries, name, directory / f"{name}.X.npy", directory / f"{name}.y.npy", task, n)
        print(f"   {run['publisher']}; {run['samples_per_s']:.0f} samples/s; latency", file=sys.stderr)
        lat = latency(daemon, name, X, y, run["next_seq"])
    finally:
        status = daemon.stop()
    if status != 0:
        notes.append(f"{name}: blrd exited with status {status} (log {daemon.tmp}/blrd.log)")
    else:
        shutil.rmtree(daemon.tmp, ignore_errors=True)
    notes += [f"{name}: {a}" for a in run["alerts"]]
    notes.append(f"{name}: alert/sensitivity messages during the replay: "
                 + ", ".join(f"{m} {k}" for m, k in run["sensitive"].items()))
    for model in daemon.models:
        pred, dropped = assemble(run["preds"][model], task, n, classes)
        row = {"stream": name, "learner": f"blrd {model}", **score(metrics, task, y, pred, drift),
               "drift_alarms": run["alarms"][model], "samples_per_s": run["samples_per_s"],
               "p50_us": lat[model][0], "p99_us": lat[model][1], "dropped_batches": dropped}
        if dropped:
            notes.append(f"{name}: {model} lost {dropped} pred/ batches; scored on the rest, no recovery")
        own = run["metrics"][model].get("nll" if task == "regression" else "log_loss")
        if own is not None and not dropped and abs(own - row["logloss_or_nll"]) > 1e-3 * max(1.0, abs(own)):
            notes.append(f"{name}: {model}: blrd's own score {own:.4f} ≠ ours {row['logloss_or_nll']:.4f}")
        rows.append(row)
        detections.append(detection_row(name, f"blrd {model}", run["alarm_rows"][model], drift,
                                        spec.get("drift_widths") or [1] * len(drift), n,
                                        continuous=str(spec.get("drift_type", "")).startswith("continuous")))
    best = min(rows, key=lambda r: r["logloss_or_nll"])
    best["blrd_best"] = True
    print("   anchors", file=sys.stderr)
    for learner, (seconds, pred) in anchors(X, y, task, classes).items():
        row = {"stream": name, "learner": learner, **score(metrics, task, y, pred, drift), "samples_per_s": n / seconds}
        row["blrd_best_ratio"] = best["samples_per_s"] / row["samples_per_s"]
        ref = published.get((name, PUBLISHED[learner]))
        if ref:
            row["published_metric"] = float(ref["rmse"] if task == "regression" else ref["accuracy"])
            row["published_samples_per_s"] = float(ref["throughput_wall_sps"])
        rows.append(row)
    return rows, notes, detections


def detection_row(stream, detector, alarms, drifts, widths, n, continuous=False):
    """drift_detectors.csv's matching for our alarms: per drift point the delay of the first alarm in its window,
    the alarms outside every window (false; not classifiable under a continuous drift), and alarms per 10 k."""
    matched, delays = set(), []
    for i, (t, w) in enumerate(zip(drifts, widths)):
        end = min(t + MATCH_AFTER, drifts[i + 1] if i + 1 < len(drifts) else n)
        hits = [a for a in alarms if t - w // 2 <= a < end]
        delays.append(hits[0] - t if hits else None)
        matched.update(hits)
    false = None if continuous else len([a for a in alarms if a not in matched])
    return {"stream": stream, "detector": detector, "delays": delays, "alarms": len(alarms), "false": false,
            "per_10k": len(alarms) / n * 1e4, "at": alarms}


def published_detections(directory, streams):
    """drift_detectors.csv's rows, folded to one per stream and detector."""
    path = Path(directory) / "drift_detectors.csv"
    if not path.is_file():
        return []
    out = {}
    for r in csv.DictReader(path.open()):
        if r["stream"] not in streams:
            continue
        row = out.setdefault((r["stream"], r["detector"]), {
            "stream": r["stream"], "detector": r["detector"] + " (drift_detectors.csv)", "delays": [],
            "alarms": int(r["n_alarms"]), "false": int(r["false_alarms"]) if r["false_alarms"] else None,
            "per_10k": float(r["alarms_per_10k"]), "at": []})
        if r["drift_point"]:
            row["delays"].append(int(r["delay"]) if r["detected"] == "True" else None)
    return list(out.values())


def detection_markdown(rows):
    """The detector table: delays per drift point, false alarms, alarms per 10 k."""
    out = ["## Drift detection", "",
           "| stream | detector | delay per drift point (examples; – missed) | alarms | false alarms | alarms / 10 k |",
           "|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: (r["stream"], not r["detector"].startswith("blrd"), r["detector"])):
        delays = ", ".join("–" if d is None else str(d) for d in r["delays"]) or (
            "(continuous drift)" if r["false"] is None else "(no drift)")
        false = "–" if r["false"] is None else str(r["false"])
        out.append(f"| {r['stream']} | {r['detector']} | {delays} | {r['alarms']} | {false} | {r['per_10k']:.2f} |")
    out += ["", f"An alarm matches a drift point t when it falls in [t − width/2, min(t + {MATCH_AFTER}, next drift)), "
            "as drift_detectors.csv counts; blrd's alarm is placed at the end of the batch of 64 that raised it, so a "
            "delay is a multiple of 64 minus the change's offset in its batch; every other alarm is false."]
    return "\n".join(out) + "\n"


def fmt(value, digits=4):
    """A table cell: – for nothing, thousands separators for big floats."""
    if value is None or not isinstance(value, float):
        return "–" if value is None else str(value)
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.{digits}f}"


def markdown(rows, notes, context):
    """The one table, with the conditions above it and the notes below."""
    head = ["stream", "learner", "acc / RMSE", "log-loss / NLL", "ECE-15", "90 % coverage", "Brier", "recovery", "alarms",
            "samples/s", "p50 µs", "p99 µs", "blrd* ÷ this", "anchors.csv acc/RMSE, samples/s"]
    out = ["# blrd vs river and VW on the public streams", "", context, "",
           "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        nll = fmt(r.get("logloss_or_nll")) + (" (plug-in)" if r.get("nll_kind") == "plug-in" else "")
        pub = f"{r['published_metric']:.4f}, {r['published_samples_per_s']:,.0f}" if "published_metric" in r else "–"
        ratio = f"{r['blrd_best_ratio']:.2f}×" if r.get("blrd_best_ratio") else "–"
        cells = [r["stream"], r["learner"] + (" *" if r.get("blrd_best") else ""), fmt(r["acc_or_rmse"]), nll]
        cells += [fmt(r.get(k)) for k in ("ece15", "picp90", "brier", "recovery", "drift_alarms", "samples_per_s")]
        cells += [fmt(r.get("p50_us"), 0), fmt(r.get("p99_us"), 0), ratio, pub]
        out.append("| " + " | ".join(cells) + " |")
    legend = ("acc / RMSE: accuracy (binary) or RMSE; log-loss / NLL: nats (plug-in: a point predictor with "
              "metrics.py's running residual variance); 90 % coverage: the fraction of targets inside the central 90 % "
              "interval of the published mean and variance (metrics.py's picp); recovery: mean accuracy or RMSE over the 1000 samples after "
              "each drift point; alarms: blrd's alert/drift count; samples/s: blrd end to end (blr-publish start → "
              "last model/ of every model of the stream: all its models together), river its predict-then-learn loop in "
              "process, VW its own run reading the examples from a file (-d) and writing its predictions (-p); p50/p99: closed loop, send → model/ of that model, 300 batches of 64 (every 100th "
              "also writes a snapshot); * blrd's best row of the stream by log-loss / NLL, whose samples/s the ratio "
              "divides; anchors.csv: published.")
    return "\n".join(out + ["", legend] + ([""] + [f"- {n}" for n in notes] if notes else [])) + "\n"


def main():
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", default=str(root.parent / "shared" / "streams"))
    parser.add_argument("--out", default=str(root / "bench-results"))
    parser.add_argument("--binaries", type=Path, default=root / ".build" / "release")
    parser.add_argument("--only", nargs="*", default=list(STREAMS))
    parser.add_argument("--rules", action="store_true", help="also single rules at their defaults, on the same thread")
    parser.add_argument("--linear", action="store_true", help="also a single linear model, on the same thread")
    args = parser.parse_args()
    for task in MODELS:
        MODELS[task] = {**DEFAULT[task], **(RULES[task] if args.rules else {}), **(LINEAR[task] if args.linear else {})}
    directory = Path(args.streams)
    if not (directory / "metrics.py").is_file():
        print(f"bench-streams: {directory} (with metrics.py) not found; nothing to benchmark, skipped.")
        return 0
    spec = importlib.util.spec_from_file_location("stream_metrics", directory / "metrics.py")  # not a package
    metrics = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(metrics)
    listed = directory / "anchors.csv"
    published = {(r["stream"], r["model"]): r for r in csv.DictReader(listed.open())} if listed.is_file() else {}
    load_before, started = os.getloadavg()[0], time.perf_counter()
    rows, notes, detections, failed = [], [], [], False
    for name in args.only:
        if not (directory / f"{name}.X.npy").is_file():
            notes.append(f"{name}: not in {directory}, skipped")
            continue
        try:
            stream_rows, stream_notes, stream_detections = run_stream(args, metrics, published, name)
        except (RuntimeError, subprocess.TimeoutExpired, zmq.ZMQError) as error:  # in the notes; exit status 1
            failed, stream_rows, stream_notes, stream_detections = True, [], [f"{name}: FAILED: {error}"], []
        rows, notes, detections = rows + stream_rows, notes + stream_notes, detections + stream_detections
    context = (f"{platform.node()}, {os.cpu_count()} cores, {platform.python_implementation()} "
               f"{platform.python_version()}, river {version('river')}, vowpalwabbit {version('vowpalwabbit')}, "
               f"numpy {np.__version__}, blr-publish batch {BATCH}; "
               f"wall time {time.perf_counter() - started:.0f} s; load average (1 min) {load_before:.2f} before, "
               f"{os.getloadavg()[0]:.2f} after (above ~2 on 2 cores: other processes competed for the CPU).")
    text = markdown(rows, notes, context) + "\n" + detection_markdown(
        detections + published_detections(directory, {r["stream"] for r in detections}))
    (out := Path(args.out)).mkdir(parents=True, exist_ok=True)
    (out / "streams.md").write_text(text)
    with open(out / "streams.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({k: ("" if r.get(k) is None else r.get(k)) for k in COLUMNS} for r in rows)
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
