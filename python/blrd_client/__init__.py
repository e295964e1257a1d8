"""Python client for blrd: a resuming numpy publisher, a subscriber and the control socket (pyzmq + numpy)."""
from .control import Control
from .errors import (BlrdError, ControlError, ControlTimeout, DaemonGone, DurabilityTimeout, MismatchError,
                     NotLearnedError)
from .publisher import Publisher
from .subscriber import Message, Subscriber

__all__ = ["Control", "Publisher", "Subscriber", "Message", "BlrdError", "ControlError", "ControlTimeout",
           "DaemonGone", "DurabilityTimeout", "MismatchError", "NotLearnedError"]
