"""The exceptions of blrd_client; every one is a BlrdError with a message that says what to do."""


class BlrdError(Exception):
    """Base of every blrd_client error."""


class ControlError(BlrdError):
    """blrd answered a control request with {"error": ...}."""


class ControlTimeout(BlrdError):
    """No reply on the control socket within the timeout (blrd is down or restarting)."""


class MismatchError(BlrdError):
    """The stream at blrd does not accept what the publisher would send (features, task, classes, seq)."""


class NotLearnedError(BlrdError):
    """blrd rejected messages of the stream, or saw a gap, while this publisher ran."""


class DurabilityTimeout(BlrdError):
    """flush() ran out of time before blrd's durable_seq reached the last batch sent."""


class DaemonGone(BlrdError):
    """blrd left (no subscriber, no control reply) and did not come back within the wait."""
