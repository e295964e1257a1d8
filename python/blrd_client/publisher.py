"""A publisher that resumes: numpy batches in the binary form of docs/PROTOCOL.md §1.1, every one learned exactly
once even when blrd crashes and restarts in the middle (the same design as `blr-publish --control`).

It keeps every sent batch until blrd's `durable_seq` covers it (at most `retain_bytes`; at the bound a send waits
for blrd rather than dropping anything) and asks `describe` every `poll_interval`. A restart shows up as blrd's
subscription going away (the XPUB reports it; a connecting socket is ZMQ_IMMEDIATE so nothing queues for a dead
connection) or as a new `instance`: sending stops until blrd is back and answers, then the kept batches above its
`last_seq` (= `durable_seq` after a restart) go again with the same epoch and seqs. A rise of the stream's
`rejected` or `gaps` counters raises NotLearnedError.
"""
import collections
import json
import time

import numpy as np
import zmq

from .control import Control
from .errors import ControlTimeout, DaemonGone, DurabilityTimeout, MismatchError, NotLearnedError

_INTEGER_TASKS = ("binary", "multiclass", "count")


class Publisher:
    """Sends batches of stream `stream` on an XPUB at `endpoint` (bind=True: blrd's stream connects to it;
    False: it connects to blrd's bound stream) and follows blrd through `control`, its control endpoint.

    features, task, classes: what the caller will send; checked against `describe` now (MismatchError).
    start_seq: the first seq; by default the one after blrd's last applied seq of `epoch` (0 in a new epoch).
    """

    def __init__(self, stream, endpoint, control, *, bind=True, epoch=0, start_seq=None, features=None, task=None,
                 classes=None, retain_bytes=256 << 20, wait=30.0, poll_interval=0.15, control_timeout=2.0,
                 context=None):
        self.stream = stream
        self.epoch = int(epoch)
        self.retain_bytes = int(retain_bytes)
        self.wait = float(wait)
        self.poll_interval = float(poll_interval)
        self.control = control if isinstance(control, Control) else Control(control, control_timeout, context)
        self._context = context or zmq.Context.instance()
        self._retained = collections.deque()  # (epoch, seq, frames, bytes), oldest first
        self._retained_bytes = 0
        self._matching = set()
        self._departures = 0
        self.restarts = 0
        self.resent = 0
        self._duplicates_tolerated = 0
        self.last_sent = None

        self.daemon = self._describe_waiting()
        self.features = self.daemon["features"]
        self.task = self.daemon["task"]
        self.classes = self.daemon.get("classes")
        self._check(features, task, classes)
        last = self._last(self.daemon)
        if start_seq is None:
            start_seq = last[1] + 1 if last is not None and last[0] == self.epoch else 0
        if last is not None and last >= (self.epoch, int(start_seq)):
            raise MismatchError(
                f"blrd has applied stream {stream!r} up to epoch {last[0]} seq {last[1]}; a start at epoch "
                f"{self.epoch} seq {start_seq} would be rejected as not increasing: pass epoch={last[0] + 1} "
                f"or start_seq={last[1] + 1}")
        self.next_seq = int(start_seq)
        self.first = (self.epoch, self.next_seq)
        self._baseline = (self.daemon.get("rejected", 0), self.daemon.get("gaps", 0))

        self._socket = self._context.socket(zmq.XPUB)
        self._socket.setsockopt(zmq.SNDHWM, 8)
        self._socket.setsockopt(zmq.XPUB_NODROP, 1)
        self._socket.setsockopt(zmq.LINGER, 0)
        if bind:
            self._socket.bind(endpoint)
        else:
            self._socket.setsockopt(zmq.IMMEDIATE, 1)
            self._socket.connect(endpoint)
        self._departures_seen = 0
        self._last_poll = time.monotonic()
        self._last_snapshot_request = None
        self._await_subscriber()

    # ---- the caller's side

    def send(self, x, y=None, ids=None, ts=None):
        """Sends one batch (x: n × d; y: n labels or None for an unlabelled batch) and returns its seq."""
        frames = self._frames(x, y, ids, ts)
        size = sum(len(f) for f in frames)
        while self._retained and self._retained_bytes + size > self.retain_bytes:
            self._wait_for_durability(self._retained[0][:2])
        position = (self.epoch, self.next_seq)
        self._retained.append((position[0], position[1], frames, size))
        self._retained_bytes += size
        self.last_sent = position
        self.next_seq += 1
        self._deliver(frames)
        if time.monotonic() - self._last_poll >= self.poll_interval:
            self.poll()
        return position[1]

    def flush(self, timeout=60.0):
        """Waits until blrd's durable_seq covers the last batch sent (DurabilityTimeout after `timeout` s)."""
        if self.last_sent is None:
            return
        deadline = time.monotonic() + timeout
        while True:
            self.poll()
            if not self._retained:
                return
            if time.monotonic() >= deadline:
                raise DurabilityTimeout(
                    f"stream {self.stream!r} is durable up to seq {self.durable_seq} after {timeout:g} s, not up to "
                    f"the last batch sent (seq {self.last_sent[1]}); {len(self._retained)} batch(es) would be lost "
                    f"if blrd crashed now")
            self._wait_for_durability(self.last_sent)

    def close(self, flush_timeout=None):
        """Closes the socket, after flush(flush_timeout) when given."""
        try:
            if flush_timeout is not None:
                self.flush(flush_timeout)
        finally:
            self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        self.close(flush_timeout=60.0 if kind is None else None)

    @property
    def instance(self):
        return self.daemon["instance"]

    @property
    def durable_seq(self):
        return self.daemon.get("durable_seq")

    @property
    def retained(self):
        """How many sent batches are not durable yet."""
        return len(self._retained)

    # ---- following blrd

    def poll(self):
        """Asks describe: trims what became durable, resynchronises on a new instance, raises on rejections."""
        self._last_poll = time.monotonic()
        try:
            described = self.control.describe(self.stream)
        except ControlTimeout:
            return  # down: the XPUB tells
        if described["instance"] != self.daemon["instance"]:
            self._resynchronize()
            return
        self.daemon = described
        self._check_learned()
        self._trim()

    def _deliver(self, frames):
        while True:
            self._refresh()
            if self._departures != self._departures_seen or not self._matching:
                self._resynchronize()  # resends this batch too: it is retained
                return
            try:
                self._socket.send_multipart(frames, flags=zmq.NOBLOCK)
                return
            except zmq.Again:
                self._socket.poll(5, zmq.POLLIN)
                if time.monotonic() - self._last_poll >= self.poll_interval:
                    self.poll()

    def _resynchronize(self):
        while True:
            self._await_subscriber()
            self._departures_seen = self._departures
            described = self._describe_waiting()
            same_instance = described["instance"] == self.daemon["instance"]
            if not same_instance:
                self.restarts += 1
                self._baseline = (0, 0)
                self._duplicates_tolerated = 0
            self.daemon = described
            self._check_learned()
            self._trim()
            self._check_nothing_missing()
            before = self.resent
            settled = self._resend_after(self._last(described))
            if same_instance:
                # The same daemon after a broken connection: some of those may have been in flight, not lost;
                # as many seq_not_increasing rejections are harmless duplicates.
                self._duplicates_tolerated += self.resent - before
            if settled:
                break
        self._last_poll = time.monotonic()

    def _resend_after(self, position):
        for epoch, seq, frames, _ in list(self._retained):
            if position is not None and (epoch, seq) <= position:
                continue
            while True:
                self._refresh()
                if self._departures != self._departures_seen or not self._matching:
                    return False
                try:
                    self._socket.send_multipart(frames, flags=zmq.NOBLOCK)
                    break
                except zmq.Again:
                    self._socket.poll(5, zmq.POLLIN)
            self.resent += 1
        return True

    def _wait_for_durability(self, position):
        last, durable = self._last(self.daemon), self._durable(self.daemon)
        now = time.monotonic()
        if (last is not None and self.last_sent is not None and last >= self.last_sent
                and (durable is None or durable < position)
                and (self._last_snapshot_request is None or self._last_snapshot_request[0] != self.last_sent
                     or now - self._last_snapshot_request[1] > 2)):
            # blrd has everything; its snapshots are due only every snapshot_every batches: ask for one now
            # (once per last batch sent, again after two seconds).
            self._last_snapshot_request = (self.last_sent, now)
            for model in self.daemon.get("models", []):
                try:
                    self.control.snapshot(model)
                except Exception:  # noqa: BLE001 - a failed request only means waiting longer
                    pass
        self._socket.poll(int(self.poll_interval * 1000), zmq.POLLIN)
        self._refresh()
        if self._departures != self._departures_seen or not self._matching:
            self._resynchronize()
        self.poll()

    def _describe_waiting(self):
        deadline = time.monotonic() + self.wait
        while True:
            try:
                return self.control.describe(self.stream)
            except ControlTimeout:
                if time.monotonic() >= deadline:
                    raise DaemonGone(f"blrd did not answer describe at {self.control.endpoint} within "
                                     f"{self.wait:g} s") from None

    def _await_subscriber(self):
        deadline = time.monotonic() + self.wait
        self._refresh()
        while not self._matching:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DaemonGone(f"blrd did not subscribe to stream {self.stream!r} within {self.wait:g} s; "
                                 f"{len(self._retained)} batch(es) sent are not durable")
            self._socket.poll(int(min(remaining, 1.0) * 1000) + 1, zmq.POLLIN)
            self._refresh()

    def _refresh(self):
        """Takes in the (un)subscriptions that have arrived: [1]+prefix on subscribe, [0]+prefix when it goes."""
        topic = self.stream.encode()
        while True:
            try:
                message = self._socket.recv(zmq.NOBLOCK)
            except zmq.Again:
                return
            if not message or message[0] > 1 or not topic.startswith(message[1:]):
                continue
            if message[0] == 1:
                self._matching.add(message[1:])
            elif message[1:] in self._matching:
                self._matching.discard(message[1:])
                self._departures += 1

    def _trim(self):
        durable = self._durable(self.daemon)
        while durable is not None and self._retained and self._retained[0][:2] <= durable:
            self._retained_bytes -= self._retained.popleft()[3]

    def _check_learned(self):
        newest = self.daemon.get("last_rejection") or {}
        if self.daemon.get("rejected", 0) > self._baseline[0] and newest.get("code") == "persist_failed":
            self._resend_while_unwritable()
            return
        rejected = self.daemon.get("rejected", 0) - self._baseline[0]
        gaps = self.daemon.get("gaps", 0) - self._baseline[1]
        newest = self.daemon.get("last_rejection") or {}
        duplicates = newest.get("code") == "seq_not_increasing" and rejected <= self._duplicates_tolerated
        if rejected > 0 and not duplicates:
            raise NotLearnedError(
                f"blrd rejected {rejected} message(s) on stream {self.stream!r}; the newest: seq "
                f"{newest.get('seq')} ({newest.get('code')}: {newest.get('reason')})")
        if gaps > 0:
            raise NotLearnedError(f"blrd saw {gaps} gap(s) in stream {self.stream!r}: batches were lost on the way")

    def _resend_while_unwritable(self):
        """blrd refused batches it could not write (a full disk; it learned none of them): every second, resend
        what is held above its last_seq until a round is taken without a new persist_failed; NotLearnedError after
        `wait` seconds."""
        deadline = time.monotonic() + self.wait
        while True:
            time.sleep(1.0)
            try:
                before = self.control.describe(self.stream)
            except ControlTimeout:
                return
            if before["instance"] != self.daemon["instance"]:
                return  # restarted: poll() resynchronises
            self.daemon = before
            self._baseline = (before.get("rejected", 0), before.get("gaps", 0))
            self._trim()
            sent = self.resent
            if not self._resend_after(self._last(before)):
                return  # blrd left: the next delivery resynchronises
            time.sleep(0.2)
            try:
                after = self.control.describe(self.stream)
            except ControlTimeout:
                return
            if after["instance"] != self.daemon["instance"]:
                return
            self.daemon = after
            newest = after.get("last_rejection") or {}
            again = after.get("rejected", 0) > self._baseline[0] and newest.get("code") == "persist_failed"
            if not again or self.resent == sent:
                self._baseline = (after.get("rejected", 0), after.get("gaps", 0))
                return
            if time.monotonic() >= deadline:
                raise NotLearnedError(
                    f"blrd could not write stream {self.stream!r} for {self.wait:g} s: {newest.get('reason')}")

    def _check_nothing_missing(self):
        if self.last_sent is None:
            return
        following = self._retained[0][:2] if self._retained else (self.last_sent[0], self.last_sent[1] + 1)
        if following == self.first:
            return
        needed = (following[0], following[1] - 1)
        last = self._last(self.daemon)
        if last is None or last < needed:
            raise NotLearnedError(
                f"blrd resumed stream {self.stream!r} at {last}, below {needed}, which it had declared durable: "
                f"the batches in between are lost")

    def _check(self, features, task, classes):
        problems = []
        if features is not None and int(features) != self.features:
            problems.append(f"it has {self.features} features, not {features}")
        if task is not None and task != self.task:
            problems.append(f"its task is {self.task}, not {task}")
        if classes is not None and self.classes is not None and int(classes) > self.classes:
            problems.append(f"it has {self.classes} classes, not {classes}")
        if classes is not None and self.classes is None:
            problems.append(f"it is a {self.task} stream, without classes")
        if problems:
            raise MismatchError(f"blrd's stream {self.stream!r} does not match: {'; '.join(problems)}")

    @staticmethod
    def _last(described):
        seq = described.get("last_seq")
        return None if seq is None else (described.get("epoch", 0), seq)

    @staticmethod
    def _durable(described):
        seq = described.get("durable_seq")
        return None if seq is None else (described.get("durable_epoch", described.get("epoch", 0)), seq)

    # ---- the wire

    def _frames(self, x, y, ids, ts):
        x = np.asarray(x)
        if x.ndim == 1:
            x = x[None, :]
        if x.ndim != 2 or x.shape[1] != self.features:
            raise MismatchError(f"x has shape {x.shape}; stream {self.stream!r} takes n × {self.features}")
        if x.dtype not in (np.float32, np.float64):
            x = x.astype(np.float64)
        x = np.ascontiguousarray(x, dtype=x.dtype.newbyteorder("<"))
        header = {"seq": self.next_seq, "x": {"dtype": x.dtype.str, "shape": list(x.shape)}}
        if self.epoch:
            header["epoch"] = self.epoch
        frames = [self.stream.encode(), None, x.tobytes()]
        if y is not None:
            y = np.asarray(y).reshape(-1)
            if y.shape[0] != x.shape[0]:
                raise MismatchError(f"y has {y.shape[0]} labels for {x.shape[0]} rows of x")
            if self.task in _INTEGER_TASKS and y.dtype.kind == "f" and not np.all(np.mod(y, 1) == 0):
                raise MismatchError(f"stream {self.stream!r} is {self.task}: its labels are integers")
            y = np.ascontiguousarray(y, dtype="<i8" if self.task in _INTEGER_TASKS else "<f8")
            header["y"] = {"dtype": y.dtype.str, "shape": list(y.shape)}
            frames.append(y.tobytes())
        if ids is not None:
            header["ids"] = [i if isinstance(i, str) else int(i) for i in ids]
        if ts is not None:
            header["ts"] = float(ts)
        frames[1] = json.dumps(header).encode()
        return frames
