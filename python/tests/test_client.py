"""blrd_client against a real blrd: control ops, the describe check, publishing with numpy, subscribing, and a
daemon killed (SIGKILL) and restarted in the middle of a run that still learns every batch exactly once."""
import subprocess
import tempfile
import threading
import time
import unittest

import numpy as np

from blrd_client import (Control, ControlError, ControlTimeout, MismatchError, NotLearnedError, Publisher,
                         Subscriber)
from daemon import Daemon

MODELS = """
[[model]]
name = "exact"
stream = "lin"
likelihood = "gaussian"
posterior = "full"
rule = "conjugate"
noise_variance = 0.25
snapshot_every = 7

[[model]]
name = "ivon"
stream = "lin"
likelihood = "gaussian"
rule = "ivon"
noise_variance = 0.25
snapshot_every = 5
"""
PROBE = np.array([[0.5, -1.0, 2.0], [1.0, 1.0, 1.0]])


def batches(count, n=20, d=3, seed=11):
    rng = np.random.default_rng(seed)
    w = rng.normal(size=d)
    for _ in range(count):
        x = rng.normal(size=(n, d))
        yield x, x @ w + 0.5 * rng.normal(size=n)


class ClientTests(unittest.TestCase):
    def daemon(self, **kwargs):
        d = Daemon(MODELS, **kwargs)
        self.addCleanup(d.close)
        d.start()
        return d

    def publisher(self, d, daemon_binds=False, **kwargs):
        p = Publisher("lin", d.ingest, d.control_endpoint, bind=not daemon_binds, wait=20, **kwargs)
        self.addCleanup(p.close)
        return p

    def test_control_ops(self):
        d = self.daemon()
        control = Control(d.control_endpoint)
        described = control.describe("lin")
        self.assertEqual((described["features"], described["task"], described["classes"]), (3, "regression", None))
        self.assertIsNone(described["last_seq"])
        self.assertEqual(sorted(control.status()["models"]), ["exact", "ivon"])
        prior = control.predict("exact", PROBE)
        self.assertEqual(prior["mean"].shape, (2,))
        self.assertEqual(control.snapshot("exact"), 1)
        self.assertEqual(control.reset("exact"), 2)
        self.assertEqual(control.restore("exact", 1), 3)
        with self.assertRaisesRegex(ControlError, "no stream named 'nope'"):
            control.describe("nope")
        with self.assertRaisesRegex(ControlError, "no model named"):
            control.predict("nope", PROBE)
        with self.assertRaises(ControlTimeout):
            Control(d.control_endpoint + "-nobody", timeout=0.2).status()

    def test_describe_mismatch_raises_before_sending(self):
        d = self.daemon()
        with self.assertRaisesRegex(MismatchError, "3 features, not 4"):
            Publisher("lin", d.ingest, d.control_endpoint, features=4, wait=5)
        with self.assertRaisesRegex(MismatchError, "task is regression, not binary"):
            Publisher("lin", d.ingest, d.control_endpoint, task="binary", wait=5)
        with self.assertRaisesRegex(ControlError, "no stream named"):
            Publisher("other", d.ingest, d.control_endpoint, wait=5)
        p = self.publisher(d, features=3, task="regression")
        with self.assertRaisesRegex(MismatchError, "n × 3"):
            p.send(np.zeros((4, 2)), np.zeros(4))
        self.assertEqual(d.control.describe("lin")["batches"], 0)

    def test_publish_subscribe_and_flush(self):
        d = self.daemon()
        subscriber = Subscriber(d.publish)
        self.addCleanup(subscriber.close)
        time.sleep(0.3)  # the SUB's subscription reaches blrd's PUB (nothing is sent before it)
        p = self.publisher(d)
        for x, y in batches(20):
            p.send(x.astype("<f4"), y)
        p.flush(30)
        described = d.control.describe("lin")
        self.assertEqual((described["last_seq"], described["durable_seq"]), (19, 19))
        self.assertEqual(p.retained, 0)
        seen = {"pred/exact": 0, "model/exact": 0}
        while sum(seen.values()) < 40:
            m = subscriber.recv(timeout=10)
            self.assertIsNotNone(m, f"only {seen}")
            if m.topic not in seen:
                continue
            seen[m.topic] += 1
            if m.kind == "pred":
                self.assertEqual(m.arrays["mean"].shape, (20,))
            else:
                self.assertEqual(m.arrays["precision"].shape, (4, 4))  # full: (d + bias)²
        self.assertEqual(subscriber.lost, 0)
        # A second publisher continues after the daemon's last seq by default.
        p.close()
        q = self.publisher(d)
        self.assertEqual(q.next_seq, 20)
        with self.assertRaisesRegex(MismatchError, "epoch=1 or start_seq=20"):
            Publisher("lin", d.ingest, d.control_endpoint, start_seq=5, wait=5)

    def test_retention_bound_waits_for_durability(self):
        d = self.daemon()
        p = self.publisher(d, retain_bytes=1500)  # about two batches
        most = 0
        for x, y in batches(12):
            p.send(x, y)
            most = max(most, p.retained)
        p.flush(30)
        self.assertLessEqual(most, 3)
        described = d.control.describe("lin")
        self.assertEqual((described["batches"], described["durable_seq"], described["rejected"]), (12, 11, 0))

    def test_rejection_raises(self):
        d = self.daemon()
        p = self.publisher(d)
        x, y = next(batches(1))
        y[0] = np.nan
        p.send(x, y)
        with self.assertRaisesRegex(NotLearnedError, "rejected 1 message"):
            p.flush(10)

    def run_stream(self, d, count, daemon_binds, during=None):
        p = self.publisher(d, daemon_binds=daemon_binds)
        for k, (x, y) in enumerate(batches(count)):
            p.send(x, y)
            time.sleep(0.005)
        p.flush(30)
        return p

    def check_killed_daemon_learns_every_batch_once(self, daemon_binds):
        count = 120
        a = self.daemon(daemon_binds=daemon_binds)
        self.run_stream(a, count, daemon_binds)
        expected = a.control.predict("exact", PROBE)
        a.stop()

        b = self.daemon(daemon_binds=daemon_binds)
        subscriber = Subscriber(b.publish)
        self.addCleanup(subscriber.close)
        crashed = threading.Event()

        def crash_and_restart():
            control = Control(b.control_endpoint, timeout=1)
            while (control.describe("lin")["last_seq"] or 0) < 40:
                time.sleep(0.005)
            b.kill()
            time.sleep(0.2)  # batches sent meanwhile are lost on the way, and resent
            b.start()
            crashed.set()

        thread = threading.Thread(target=crash_and_restart)
        thread.start()
        p = self.run_stream(b, count, daemon_binds)
        thread.join(30)
        self.assertTrue(crashed.is_set())
        self.assertEqual(p.restarts, 1)
        self.assertGreater(p.resent, 0)
        described = b.control.describe("lin")
        self.assertEqual((described["last_seq"], described["durable_seq"]), (count - 1, count - 1))
        self.assertEqual((described["gaps"], described["rejected"]), (0, 0))
        got = b.control.predict("exact", PROBE)
        np.testing.assert_array_equal(got["mean"], expected["mean"])
        np.testing.assert_array_equal(got["variance"], expected["variance"])
        # The subscriber sees the restart as a new instance, not as lost messages (once it has reconnected: a
        # reset publishes a model/ of the new instance).
        deadline = time.monotonic() + 10
        while subscriber.restarts == 0 and time.monotonic() < deadline:
            b.control.reset("ivon")
            while subscriber.recv(timeout=0.2) is not None:
                pass
        self.assertEqual((subscriber.restarts, subscriber.lost), (1, 0))

    def test_killed_daemon_learns_every_batch_once_publisher_binds(self):
        self.check_killed_daemon_learns_every_batch_once(daemon_binds=False)

    def test_killed_daemon_learns_every_batch_once_daemon_binds(self):
        self.check_killed_daemon_learns_every_batch_once(daemon_binds=True)


if __name__ == "__main__":
    unittest.main()


def mount_tmpfs(kibibytes):
    """A small tmpfs (needs root); None where this process may not mount one."""
    path = tempfile.mkdtemp(prefix="blrd-py-tmpfs-")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kibibytes}k", "tmpfs", path],
                      capture_output=True).returncode != 0:
        return None
    return path


class FullDiskTests(unittest.TestCase):
    def test_publisher_rides_out_a_full_disk(self):
        """Batches blrd refuses with persist_failed (it could not write them, and learned none) are resent until
        it can write again; every batch is learned exactly once."""
        disk = mount_tmpfs(1024)
        if disk is None:
            self.skipTest("needs root to mount a tmpfs")
        self.addCleanup(lambda: subprocess.run(["umount", "-l", disk], capture_output=True))
        d = Daemon(MODELS, features=100, state_directory=disk, daemon_lines="persist_failures = 2")
        self.addCleanup(d.close)
        d.start()
        p = Publisher("lin", d.ingest, d.control_endpoint, bind=True, wait=60)
        self.addCleanup(p.close)
        grow = threading.Timer(2.0, lambda: subprocess.run(
            ["mount", "-o", "remount,size=65536k", disk], capture_output=True))
        grow.start()
        self.addCleanup(grow.cancel)
        count = 300
        for x, y in batches(count, n=16, d=100):
            p.send(x, y)
            time.sleep(0.005)
        p.flush(60)
        described = d.control.describe("lin")
        self.assertEqual((described["last_seq"], described["durable_seq"]), (count - 1, count - 1))
        self.assertEqual(described["gaps"], 0)
        self.assertGreater(described["rejected"], 0, "the disk never filled")
        n = d.control.status()["models"]["exact"]["metrics"]["n"]
        self.assertEqual(n, 16 * count)

