"""The messages between the judge and a sandbox: one type per request and per reply.

A message travels as a tuple ``(kind, field, ...)`` of wire data (grader.sandbox.wire). The
sandbox trusts the judge's requests; the judge trusts nothing of a reply: `parse_reply` checks
every field's type, cuts text to what a report can show, and turns anything else into a
`ProtocolError`, which fails the one call it belongs to.

Requests (judge → sandbox):
    Load(topic)                        import the topic module
    Call(target, args, kwargs, ...)    call a function of the submission or the kit, or a method
                                       of an object kept in the sandbox
    Release(handle_id)                 forget a kept object
    Fork()                             (a jailed sandbox, between two exercise functions) start a
                                       fresh process for the next function from this one, which
                                       has imported the topic and run nothing else; see
                                       worker.serve
Replies (sandbox → judge):
    Done(value, facts, inputs_after, output)
    Raised(exc_type, message, traceback, in_submission, output)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from grader.i18n import tr
from grader.sandbox import wire
from grader.sandbox.wire import WireError

# How much of a reply's text the judge keeps (the worker cuts its own too; this holds whatever
# arrives).
MAX_MESSAGE = 4000
MAX_TRACEBACK = 8000
MAX_OUTPUT = 8000
MAX_NAME = 200
NO_MESSAGE = ("(the exception has no message)", "（该异常没有信息）")  # (English, Chinese)


class ProtocolError(WireError):
    """A reply that is not one of the messages below."""


@dataclass(frozen=True)
class ModuleTarget:
    """`name` (dotted: "LinearFunction.apply") in the submission's module `topic`."""

    topic: str
    name: str


@dataclass(frozen=True)
class HandleTarget:
    """Method `method` of the object kept in the sandbox under `handle_id`."""

    handle_id: int
    method: str


@dataclass(frozen=True)
class KitTarget:
    """Function `name` of the kit's module `module` (grader.*), run in the sandbox."""

    module: str
    name: str


Target = ModuleTarget | HandleTarget | KitTarget
_TARGETS = {"module": ModuleTarget, "handle": HandleTarget, "kit": KitTarget}


@dataclass(frozen=True)
class Load:
    topic: str


@dataclass(frozen=True)
class Call:
    target: Target
    args: list
    kwargs: dict
    inputs: bool = False  # send back the arguments as they are after the call
    keep: bool | None = None  # keep a result that is not plain data in the sandbox
    backward: tuple | None = None  # (grad_outputs, second_order vectors): differentiate
    canary: int = 0  # the token the recorder must pass on (grader.sandbox.facts)
    # record the torch functions the call uses (worker._Recorder): a check that reads them gets
    # a `Call`; a call whose value alone is wanted runs outside the recorder's mode, which costs
    # ~7 µs a torch op (a third of a training run's time); its canary is still sung through it
    record: bool = True


@dataclass(frozen=True)
class Release:
    handle_id: int


@dataclass(frozen=True)
class Fork:
    pass


@dataclass(frozen=True)
class Done:
    value: object
    facts: dict = field(default_factory=dict)
    inputs_after: list | None = None
    output: str = ""


@dataclass(frozen=True)
class Raised:
    exc_type: str
    message: str
    traceback: str = ""
    in_submission: bool = True
    output: str = ""


# -- requests ------------------------------------------------------------------------------------
def request_tuple(request) -> tuple:
    """What `wire.encode` sends for a request."""
    if isinstance(request, Load):
        return ("load", request.topic)
    if isinstance(request, Release):
        return ("release", request.handle_id)
    if isinstance(request, Fork):
        return ("fork",)
    target = request.target
    kind = next(k for k, cls in _TARGETS.items() if isinstance(target, cls))
    return (
        "call",
        (kind, *vars(target).values()),
        list(request.args),
        dict(request.kwargs),
        request.inputs,
        request.keep,
        request.backward,
        request.canary,
        request.record,
    )


# What a Fork looks like on the wire: the sandbox compares whole requests with it (worker.serve).
FORK_REQUEST = wire.encode(request_tuple(Fork()))


def parse_request(message):
    """The sandbox's reading of a request (from the judge, so only its shape is checked)."""
    kind = message[0]
    if kind == "load":
        return Load(message[1])
    if kind == "release":
        return Release(message[1])
    if kind == "fork":
        return Fork()
    if kind == "call":
        (target_kind, *target_fields), args, kwargs, inputs, keep, backward, canary, record = (
            message[1:]
        )
        target = _TARGETS[target_kind](*target_fields)
        return Call(target, args, kwargs, inputs, keep, backward, canary, record)
    raise ValueError(f"unknown request {kind!r}")


# -- replies -------------------------------------------------------------------------------------
def reply_fields(reply) -> tuple[str, tuple]:
    """(kind, fields in order) of a reply, for the worker to encode."""
    if isinstance(reply, Done):
        return "done", (reply.value, reply.facts, reply.inputs_after, reply.output)
    return "raised", (
        reply.exc_type,
        reply.message,
        reply.traceback,
        reply.in_submission,
        reply.output,
    )


def parse_reply(message) -> Done | Raised:
    """A reply as the judge accepts it, or ProtocolError."""
    if type(message) is not tuple or not message:
        raise ProtocolError("a reply must be a tuple naming its kind")
    kind, fields = message[0], message[1:]
    if kind == "raised" and len(fields) == 5:
        exc_type, text, tb, in_submission, output = fields
        return Raised(
            _name(exc_type, "exception type"),
            _text(text, MAX_MESSAGE, "message") or tr(*NO_MESSAGE),
            _text(tb, MAX_TRACEBACK, "traceback"),
            _flag(in_submission, "in_submission"),
            _text(output, MAX_OUTPUT, "output"),
        )
    if kind == "done" and len(fields) == 4:
        value, facts, inputs_after, output = fields
        return Done(
            value, _facts(facts), _inputs_after(inputs_after), _text(output, MAX_OUTPUT, "output")
        )
    raise ProtocolError(f"unknown reply {str(kind)[:40]!r} with {len(fields)} fields")


def _text(value, limit, what) -> str:
    if type(value) is not str:
        raise ProtocolError(f"the reply's {what} is not text")
    if len(value) > limit:
        return value[:limit] + f"\n... ({len(value) - limit:,} more characters cut)"
    return value


def _name(value, what) -> str:
    if type(value) is not str or not value or len(value) > MAX_NAME:
        raise ProtocolError(f"the reply's {what} is not a name")
    return value


def _flag(value, what) -> bool:
    if type(value) is not bool:
        raise ProtocolError(f"the reply's {what} is not True or False")
    return value


def _tensor_or_none(value, what):
    if value is not None and type(value) is not torch.Tensor:
        raise ProtocolError(f"the reply's {what} is not a tensor")
    return value


def _facts(facts) -> dict:
    """The values a call's reply may carry beside its result: gradients computed in the sandbox
    (checked against the judge's own). How the call computed (its torch calls, its result's
    storage) comes on the fact pipe instead (grader.sandbox.facts), never in the reply."""
    if type(facts) is not dict or not set(facts) <= {"input_grads", "param_grads", "second_order"}:
        raise ProtocolError("the reply's facts are not the facts of a call")
    checked = {}
    for key in ("input_grads", "second_order"):
        if key in facts:
            values = facts[key]
            if values is not None and type(values) is not list:
                raise ProtocolError(f"the reply's {key} are malformed")
            checked[key] = [_tensor_or_none(v, key) for v in values] if values else values
    if "param_grads" in facts:
        grads = facts["param_grads"]
        if grads is not None and (
            type(grads) is not dict or not all(type(k) is str for k in grads)
        ):
            raise ProtocolError("the reply's parameter gradients are malformed")
        checked["param_grads"] = (
            {k: _tensor_or_none(v, "parameter gradient") for k, v in grads.items()}
            if grads
            else grads
        )
    return checked


def _inputs_after(value):
    if value is None:
        return None
    if type(value) is not list or len(value) != 2:
        raise ProtocolError("the reply's inputs after the call are malformed")
    args, kwargs = value
    if type(args) is not list or type(kwargs) is not dict:
        raise ProtocolError("the reply's inputs after the call are malformed")
    return (tuple(args), kwargs)
