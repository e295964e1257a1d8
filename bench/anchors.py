#!/usr/bin/env python3
"""Times the learners users run today on the data blr-bench wrote, in this process, on this machine.

Prints one JSON document: for each learner, samples/s of its predict-then-learn loop (prequential, like blrd)
and its prequential log-loss and accuracy. river's LogisticRegression learns one example at a time
(learn_one) and, for B > 1, a mini-batch at a time (learn_many); Vowpal Wabbit at its own speed, reading the
examples from a text file (-d, written before the clock starts) and from its own cache (-c, written by an untimed
first run), writing its progressive predictions (-p).
Usage: anchors.py X.npy y.npy BATCH [BATCH ...]
"""
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def log_loss(p, y):
    p = np.clip(np.asarray(p, dtype=float), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def river_one(X, y):
    from river import linear_model, preprocessing
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    names = [f"x{j}" for j in range(X.shape[1])]
    rows = [dict(zip(names, r)) for r in X.tolist()]
    p = np.empty(len(y))
    start = time.perf_counter()
    for i, (x, t) in enumerate(zip(rows, y.tolist())):
        p[i] = model.predict_proba_one(x).get(True, 0.5)
        model.learn_one(x, bool(t))
    elapsed = time.perf_counter() - start
    return elapsed, p


def river_many(X, y, batch):
    import pandas as pd
    from river import linear_model, preprocessing
    model = preprocessing.StandardScaler() | linear_model.LogisticRegression()
    names = [f"x{j}" for j in range(X.shape[1])]
    frames = [pd.DataFrame(X[i:i + batch], columns=names) for i in range(0, len(y), batch)]
    targets = [pd.Series(y[i:i + batch].astype(bool)) for i in range(0, len(y), batch)]
    p = np.empty(len(y))
    start = time.perf_counter()
    at = 0
    for xb, yb in zip(frames, targets):
        proba = model.predict_proba_many(xb)
        p[at:at + len(yb)] = proba[True].to_numpy() if True in proba else 0.5
        model.learn_many(xb, yb)
        at += len(yb)
    elapsed = time.perf_counter() - start
    return elapsed, p


def vw_reading_its_file(examples, options, read, cached=False):
    """VW at its own speed (PLATFORM.md): it reads a text file it was given (`-d`), written before the clock starts,
    and writes its progressive predictions (`-p`, each made before that example is learned: the same numbers as a
    predict-then-learn loop, to 1e-6) to a file read back after the clock stops: (seconds, predictions).
    `cached`: a first, untimed run writes VW's cache (`-c --cache_file`); the timed run reads the cache instead of
    parsing the text."""
    from vowpalwabbit import pyvw
    with tempfile.TemporaryDirectory() as scratch:
        data, predictions = Path(scratch) / "data.vw", Path(scratch) / "predictions.txt"
        data.write_text("\n".join(examples) + "\n")
        if cached:
            options += f" -c --cache_file {Path(scratch) / 'data.cache'}"
            pyvw.Workspace(f"-d {data} {options} --quiet").finish()
        start = time.perf_counter()
        pyvw.Workspace(f"-d {data} {options} -p {predictions} --quiet").finish()
        seconds = time.perf_counter() - start
        return seconds, read(predictions)


def vw(X, y, cached=False):
    lines = [" ".join(f"x{j}:{v:.9g}" for j, v in enumerate(r)) for r in X.tolist()]
    return vw_reading_its_file([f"{1 if t else -1} | {f}" for f, t in zip(lines, y.tolist())],
                               "--loss_function logistic --link logistic", np.loadtxt, cached=cached)


def main():
    X = np.load(sys.argv[1]).astype(np.float64)
    y = np.load(sys.argv[2]).astype(np.float64)
    batches = [int(b) for b in sys.argv[3:]]
    out = {}

    def record(name, run):
        try:
            elapsed, p = run()
            out[name] = {"samples_per_s": len(y) / elapsed, "log_loss": log_loss(p, y),
                         "accuracy": float(np.mean((p > 0.5) == (y > 0.5)))}
        except Exception as error:  # an anchor that is not installed is reported, not fatal
            out[name] = {"error": f"{type(error).__name__}: {error}"}

    record("river LogisticRegression (B=1)", lambda: river_one(X, y))
    for b in batches:
        if b > 1:
            record(f"river LogisticRegression (B={b})", lambda b=b: river_many(X, y, b))
    record("VW logistic (-d FILE)", lambda: vw(X, y))
    record("VW logistic (cache)", lambda: vw(X, y, cached=True))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
