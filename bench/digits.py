#!/usr/bin/env python3
"""The digits-like benchmark stream: a seeded synthetic 10-class, 64-feature stream made the way sklearn's digits
(UCI optdigits) were made, then scored through a real blrd beside river's SoftmaxRegression and VW (`make
bench-digits`).

A 32x32 bitmap of a stroke figure is cut into 4x4 blocks whose "on" pixels are counted: an 8x8 image with integer
pixel values 0..16. Each class has 3 prototypes (2-3 random cubic Bezier strokes around a class "base" figure);
each example picks one and is deformed by control-point jitter, a random affine map, a random pen radius and pixel
dropout, plus a little salt noise inside the drawing area. Pixels 0, 32 and 39 are always 0 (constant features, as
in sklearn's digits). Classes are balanced. An offline L2 logistic regression reaches accuracy 0.96.

Usage: bench/digits.py OUT_DIR [--n 30000] [--seed 0] — writes digits.{X,y}.npy, digits.json (stationary) and
digits_swap.* (at n/2 the labels of class pairs 0-1, 2-3, ... swap: a concept drift), and copies metrics.py from
../shared/streams so bench/streams.py can score them: `bench/streams.py --streams OUT_DIR --only digits digits_swap`.
"""
import argparse
import json
import shutil
from pathlib import Path

import numpy as np

K = 10
G = 32  # bitmap size
_N_T = 48  # points sampled per stroke


def _disk(r):
    a = int(np.ceil(r))
    dy, dx = np.mgrid[-a:a + 1, -a:a + 1]
    m = dx * dx + dy * dy <= r * r + 1e-9
    return dy[m], dx[m]


def gen_digits(n=30000, seed=0, shift=None, n_proto=3, jitter=0.035, rot=0.10, scale=0.07,
               shear=0.08, trans=0.035, dropout=0.12, salt=0.01):
    rng = np.random.default_rng(seed)
    # --- prototypes: (K, n_proto, S=3 strokes, 4 control points, 2) in unit square; a class's
    # prototypes share a "base" figure (so they are variants of one digit) plus a per-prototype
    # perturbation; the 3rd stroke is only drawn with prob. 0.5 per prototype.
    S = 3
    base = rng.uniform(0.1, 0.9, size=(K, 1, S, 4, 2))
    proto = np.clip(base + rng.normal(0, 0.12, size=(K, n_proto, S, 4, 2)), 0.05, 0.95)
    use3 = rng.random((K, n_proto)) < 0.5

    # --- labels: balanced, shuffled in blocks of K (or skewed prior after n/2)
    reps = -(-n // K)
    y = np.concatenate([rng.permutation(K) for _ in range(reps)])[:n].astype(np.int32)
    half = n // 2
    if shift == "prior":
        w = np.r_[np.full(5, 4.0), np.ones(5)]
        y[half:] = rng.choice(K, size=n - half, p=w / w.sum()).astype(np.int32)
    concept = y.copy()
    if shift == "swap":
        concept[half:] = y[half:] ^ 1  # 0<->1, 2<->3, ...

    pj = rng.integers(0, n_proto, size=n)
    X = np.empty((n, 64), dtype=np.float32)
    t = np.linspace(0, 1, _N_T)
    bern = np.stack([(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t ** 2 * (1 - t), t ** 3], 1)  # (T,4)
    disks = [_disk(r) for r in (1.0, 1.5, 2.0, 2.5)]
    chunk = 2000
    for s0 in range(0, n, chunk):
        s1 = min(n, s0 + chunk)
        m = s1 - s0
        c = concept[s0:s1]
        cp = proto[c, pj[s0:s1]] + rng.normal(0, jitter, size=(m, S, 4, 2))  # (m,S,4,2)
        pts = np.einsum("tj,msjd->mstd", bern, cp)  # (m,S,T,2)
        keep = np.ones((m, S, _N_T), bool)
        keep[:, 2, :] = use3[c, pj[s0:s1]][:, None]
        # affine about the centre
        th = rng.normal(0, rot, m)
        sc = np.exp(rng.normal(0, scale, (m, 2)))
        sh = rng.normal(0, shear, m)
        R = np.stack([np.stack([np.cos(th), -np.sin(th)], 1), np.stack([np.sin(th), np.cos(th)], 1)], 1)
        A = R @ (np.stack([np.stack([sc[:, 0], sh * sc[:, 1]], 1),
                           np.stack([np.zeros(m), sc[:, 1]], 1)], 1))
        pts = np.einsum("mij,mstj->msti", A, pts - 0.5) + 0.5 + rng.normal(0, trans, (m, 1, 1, 2))
        # to bitmap coordinates: the figure spans columns ~5..27, rows ~2..30
        px = np.rint(5 + 22 * pts[..., 0]).astype(np.int64)
        py = np.rint(2 + 28 * pts[..., 1]).astype(np.int64)
        img = np.zeros((m, G, G), bool)
        ridx = rng.integers(0, len(disks), m)
        ii = np.broadcast_to(np.arange(m)[:, None, None], px.shape)
        for k, (dy, dx) in enumerate(disks):
            sel = (ridx[:, None, None] == k) & keep
            if not sel.any():
                continue
            e, yy, xx = ii[sel], py[sel], px[sel]
            Y = (yy[:, None] + dy[None]).ravel()
            Xc = (xx[:, None] + dx[None]).ravel()
            E = np.repeat(e, len(dy))
            ok = (Y >= 0) & (Y < G) & (Xc >= 0) & (Xc < G)
            img[E[ok], Y[ok], Xc[ok]] = True
        img &= rng.random(img.shape) >= dropout  # pen breaks / thin strokes
        saltm = rng.random(img.shape) < salt
        saltm[:, :, :4] = False
        saltm[:, :, 28:] = False
        img |= saltm
        cnt = img.reshape(m, 8, 4, 8, 4).sum(axis=(2, 4)).reshape(m, 64)
        X[s0:s1] = cnt
    X[:, [0, 32, 39]] = 0.0
    return X, y


def main():
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--n", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--metrics", default=str(root.parent / "shared" / "streams" / "metrics.py"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(args.metrics, out / "metrics.py")
    for name, shift in (("digits", None), ("digits_swap", "swap")):
        X, y = gen_digits(args.n, seed=args.seed, shift=shift)
        np.save(out / f"{name}.X.npy", X)
        np.save(out / f"{name}.y.npy", y)
        meta = {"name": name, "task": "multiclass", "n": args.n, "d": 64, "n_classes": K,
                "drift_points": [args.n // 2] if shift else [], "drift_widths": [1] if shift else [],
                "generator": {"script": "bench/digits.py", "seed": args.seed, "shift": shift}}
        (out / f"{name}.json").write_text(json.dumps(meta, indent=1))
        print(f"{name}: X {X.shape} in 0..{int(X.max())}, classes {np.bincount(y).tolist()}")


if __name__ == "__main__":
    main()
