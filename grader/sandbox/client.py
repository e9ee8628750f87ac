"""The judge's view of a submission: the `student` proxy, calls and their facts.

`student.indexing.first_image(x)` sends the call to the topic's sandbox and returns its result
as plain data. A submission gets a fresh sandbox process whenever the grading moves on to another
exercise function (see grader.plugin), so that nothing one function does to its process costs
another's grading a point; a crash or a timeout also ends the sandbox, and the next call starts
anew. One exception, for speed (TopicSandboxes.carry_on): the process of a function that lost
no point and left nothing running serves the topic's next function too, and a check that fails
in it is rerun in a fresh process, where only the rerun counts.

A jailed sandbox serves each function of its topic from a process of its own, forked by the
namespace's process 1, which imported the topic and ran nothing else: the next function of the
same topic costs a fork, not a new sandbox (its namespaces, its root, its copy of the submission,
the import). Everything the last function's process started is killed and the scratch folders
emptied first, and each function's calls go over a socket of its own, so nothing the last one
left in a channel reaches the next. Where process 1 will not fork (the import left threads
running), the OS has no PID namespaces, or GRADE_SANDBOX_FORK=0, every function gets a new
sandbox instead.
"""

from __future__ import annotations

import os
import secrets
import threading
from dataclasses import dataclass, field

from grader import i18n
from grader.sandbox import facts, jail, protocol, wire
from grader.sandbox.process import (  # noqa: F401  (the errors are part of this module's API)
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    ImportFailure,
    InProcessSandbox,
    NotImplementedByStudent,
    ProcessSandbox,
    RecorderInterference,
    SandboxCrash,
    SandboxTimeout,
    StudentError,
    can_list_children,
    describe_exit,
    remove_left_behind,
    warm_up,
)
from grader.sandbox.submission_files import refused_files
from grader.sandbox.users import SandboxUsers, can_switch_users

# What one reply may unfold into in the judge (wire.Budget): far above any grading result (the
# capstone's MNIST state_dict is 0.8 MB), far below what would hurt a grading machine.
REPLY_NODES = 2_000_000
REPLY_DATA_BYTES = 512 << 20


@dataclass
class Call:
    """What one call into the submission gave back."""

    value: object
    facts: dict = field(default_factory=dict)
    inputs_after: tuple | None = None
    output: str = ""

    @property
    def calls(self) -> set[str]:
        """Names of the torch functions the call used (as the sandbox's recorder sent them)."""
        return set(self.facts.get("calls", ()))

    @property
    def tensor_facts(self) -> list[dict]:
        """Per tensor of the result: stride, storage shared with an input, grad_fn, ..."""
        return list(self.facts.get("tensors", ()))

    @property
    def probe_modes(self) -> list[dict]:
        """The distinct modes the kit's probe network ran in during the call:
        {"training": bool, "grad_enabled": bool} (grader.training.ProbeMLP)."""
        return list(self.facts.get("probe", ()))

    @property
    def input_grads(self) -> list:
        return list(self.facts.get("input_grads") or ())

    @property
    def param_grads(self) -> dict:
        """For a method of an nn.Module kept in the sandbox: {parameter name: gradient}."""
        return dict(self.facts.get("param_grads") or {})

    @property
    def second_order(self) -> list:
        return list(self.facts.get("second_order") or ())


def importing(module: str) -> i18n.Msg:
    return i18n.Msg(f"importing {module}", f"导入 {module}")


class TopicSandboxes:
    """A sandbox per topic for one submission, restarted after a crash or a timeout."""

    def __init__(
        self,
        submission_dir,
        *,
        timeout=DEFAULT_TIMEOUT,
        memory_mb=DEFAULT_MEMORY_MB,
        in_process=False,
    ):
        self.submission_dir = os.path.realpath(submission_dir)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.in_process = in_process
        # Where the judge is root, every sandbox runs as a user of its own (grader.sandbox.users)
        # and reads a private copy of the submission, in namespaces of its own where the OS
        # allows (grader.sandbox.jail).
        self.users = None if in_process or not can_switch_users() else SandboxUsers()
        self.jailed = self.users is not None and jail.available_here()
        self.refused = {} if in_process else _refused_by_path(self.submission_dir)
        self.sandboxes: dict[str, object] = {}
        self.pending: set = set()  # sandboxes whose import reply has not been read yet
        self.spare = None  # started ahead for the function after the next (see reset)
        self._ahead = None  # the thread that starts the spare
        self.import_failures: dict[str, Exception] = {}
        # Whether a topic's functions are served by processes its sandbox forks (see above);
        # GRADE_SANDBOX_FORK=0 turns it off (benchmarks/sandbox_reuse.py compares the two).
        self.forking = (
            self.jailed and can_list_children() and os.environ.get("GRADE_SANDBOX_FORK") != "0"
        )
        self.single_process_topics: set[str] = set()  # whose sandbox refused to fork
        # topic -> (sandbox, pid) of a function process that goes on to serve the topic's next
        # function (carry_on)
        self.carried: dict[str, tuple[object, int]] = {}

    def for_topic(self, topic: str):
        """The topic's sandbox with the topic module imported (or the import's failure)."""
        if topic in self.import_failures:
            raise self.import_failures[topic]
        box = self.sandboxes.get(topic)
        if box is None or not (self.in_process or box.alive or box in self.pending):
            box = self._start(topic)
        if box in self.pending:
            self.pending.discard(box)
            what = importing(f"{topic}.py")
            try:
                reply = self._decode(
                    box, box.receive(self.timeout, what, from_process_1=True), what
                )
            except (SandboxCrash, SandboxTimeout) as exc:
                reply = protocol.Raised(type(exc).__name__, str(exc))
            if isinstance(reply, protocol.Raised):
                self.import_failures[topic] = self._error(box, ImportFailure, what, reply)
                raise self.import_failures[topic]
        if box.fork_due:
            box.fork_due = False
            what = i18n.tr(f"a fresh process for {topic}", f"为 {topic} 准备新进程")
            try:
                reply = self._decode(box, box.receive(self.timeout, what), what)
            except (SandboxCrash, SandboxTimeout):
                reply = None
            if isinstance(reply, protocol.Raised):  # process 1 serves this function itself
                box.serve_from_process_1()
                box.forks = False
                self.single_process_topics.add(topic)
            elif reply is None or not box.watch_function_process():
                # no fork came of it: a sandbox of the old kind instead
                box.stop()
                self._sweep([box.uid] if box.uid else [])
                self.single_process_topics.add(topic)
                return self.for_topic(topic)
        return box

    def _start(self, topic, spare=False):
        """A new sandbox for `topic`, asked to import the topic module; the reply is read later,
        so the import runs while the judge goes on. A `spare` one waits for reset to take it."""
        module = f"{topic}.py"
        if module in self.refused:
            refused = self.refused[module]
            self.import_failures[topic] = ImportFailure(
                importing(module),
                "RefusedFile",
                i18n.tr(
                    f"{module} was not graded: it is {refused.reason}",
                    f"{module} 未被评分：它是{refused.reason_zh}",
                ),
                "",
                True,
            )
            raise self.import_failures[topic]
        if not os.path.isfile(os.path.join(self.submission_dir, module)):
            self.import_failures[topic] = ImportFailure(
                importing(module),
                "FileNotFoundError",
                i18n.tr(
                    f"there is no {module} in {self.submission_dir}",
                    f"{self.submission_dir} 中没有 {module}",
                ),
                "",
                True,
            )
            raise self.import_failures[topic]
        if self.in_process:
            box = InProcessSandbox(self.submission_dir)
        elif self.users is not None:
            box = ProcessSandbox(
                self.submission_dir, self.memory_mb, uid=self.users.take(), jailed=self.jailed
            )
        else:
            box = ProcessSandbox(self.submission_dir, self.memory_mb)
        box.send(self._encode(protocol.Load(topic)), importing(module), self.timeout)
        box.topic = topic
        box.forks = self.forking and topic not in self.single_process_topics
        box.fork_due = box.forks  # process 1 forks the first function's process right away
        if box.forks:
            box.ask_for_function_process(importing(module), self.timeout)
        if spare:
            self.spare = box
        else:
            self.sandboxes[topic] = box
        self.pending.add(box)
        return box

    @staticmethod
    def _encode(request) -> bytes:
        return wire.encode(protocol.request_tuple(request), handle_for=encode_handle)

    def _decode(self, box, data, what) -> protocol.Done | protocol.Raised:
        """A reply, read as hostile: bounded in what it may unfold into, importing nothing, and
        only one of the protocol's messages."""
        try:
            message = wire.decode(
                data,
                resolve_handle=lambda ref: RemoteObject(self, box, ref),
                budget=wire.Budget(nodes=REPLY_NODES, data_bytes=REPLY_DATA_BYTES),
                imports=False,
            )
            return protocol.parse_reply(message)
        except wire.WireError as exc:
            box.stop()
            raise SandboxCrash(
                i18n.tr(
                    f"the sandbox sent an invalid reply during {what}: {i18n.quote(str(exc))}",
                    f"在 {what} 期间，沙箱发回了无效的结果：{i18n.quote(str(exc))}",
                )
            ) from None

    def _error(self, box, cls, what, reply: protocol.Raised):
        message = self._in_their_terms(box, reply.message)
        tb = self._in_their_terms(box, reply.traceback)
        return cls(what, reply.exc_type, message, tb, reply.in_submission, reply.output)

    def call(
        self,
        topic,
        target,
        args,
        kwargs,
        *,
        what,
        inputs=False,
        keep=None,
        backward=None,
        timeout=None,
        record=True,
    ) -> Call:
        """`record`: whether the torch functions the call uses are recorded (`Call.calls`); a
        caller that reads only the value passes False."""
        box = self.for_topic(topic)
        token = secrets.randbits(62)
        request = protocol.Call(
            target, list(args), dict(kwargs), inputs, keep, backward, token, record
        )
        payload = self._encode(request)
        reply = self._decode(box, box.request(payload, timeout or self.timeout, what), what)
        if isinstance(reply, protocol.Raised):
            not_implemented = reply.exc_type == "NotImplementedError" and reply.in_submission
            cls = NotImplementedByStudent if not_implemented else StudentError
            raise self._error(box, cls, what, reply)
        seen = box.facts.take()  # all there: the worker writes its facts before it replies
        problems = list(seen.problems)
        if not facts.canaries(token) <= seen.canaries:
            problems.append(
                i18n.tr(
                    "the recorder of torch calls was silenced or replaced",
                    "记录 torch 调用的记录器被关掉或被替换了",
                )
            )
        if seen.tensors is None:
            problems.append(i18n.tr("the result's tensors went unreported", "结果中的张量没有上报"))
        if problems:
            box.stop()
            raise RecorderInterference(what, problems)
        observed = {"calls": sorted(seen.calls), "tensors": seen.tensors, "probe": seen.probe}
        return Call(reply.value, {**reply.facts, **observed}, reply.inputs_after, reply.output)

    def reset(self, next_topic: str | None = None, then_topic: str | None = None):
        """A fresh sandbox process for `next_topic`, and every other sandbox stopped, so that
        nothing a call did to its process (a patched builtin, a changed global) reaches what
        comes next.

        In order of preference: the spare started at the last reset for `next_topic`; the
        topic's sandbox, untouched since it started (no call reached it) or forking a fresh
        process (see the module's docstring); a new sandbox. A spare for `then_topic` (the topic
        of the function after the next one) starts in a thread where that function will not be
        served by a fork, and the thread then sweeps the old sandboxes' users: a start waits
        ~15 ms for the forkserver to fork, and the sweep for the kernel to finish the killed;
        the thread spends that while the judge grades, and sandboxes import their modules
        meanwhile."""
        if self.in_process:
            return
        self._wait_for_ahead()
        self.carried = {}
        boxes, self.sandboxes = self.sandboxes, {}
        spare, self.spare = self.spare, None
        current = boxes.pop(next_topic, None)
        pending = {box for box in (current, spare) if box in self.pending}
        ready = renew = None
        if spare is not None and spare.topic == next_topic:
            ready, spare = spare, None
        elif current is not None and current.alive and (current in pending or current.fork_due):
            ready, current = current, None  # no call reached it
        elif self._forks_again(current, next_topic):
            ready = renew = current
            current = None
        stopped = [box for box in (*boxes.values(), current, spare) if box is not None]
        old_uids = self._stop_all(wait=False, also=stopped)
        self.pending |= pending & {ready}
        if renew is not None:
            try:
                renew.fork_for_next_function(
                    i18n.tr("the next function", "下一个函数"), self.timeout
                )
                renew.fork_due = True
            except (SandboxCrash, SandboxTimeout):
                old_uids += [renew.uid] if renew.uid else []
                ready = None
        if ready is not None:
            self.sandboxes[next_topic] = ready
        elif next_topic and next_topic not in self.import_failures:
            try:
                self._start(next_topic)
            except ImportFailure:
                pass  # reported when a test asks for the topic
        if then_topic == next_topic and self._forks_again(
            self.sandboxes.get(next_topic), then_topic
        ):
            then_topic = None  # the function after the next will have a fork of this one
        self._ahead = threading.Thread(
            target=self._prepare_ahead, args=(then_topic, old_uids), daemon=True
        )
        self._ahead.start()

    def carry_on(self, topic: str) -> bool:
        """Let the process that served the last function of `topic` serve its next function
        too, instead of a fresh fork (reset), where it is alive and left nothing running
        (ProcessSandbox.left_nothing_running): a fork, its copy-on-write faults and its exit
        cost the machine ~15 ms of CPU a function. What the last function did to the process
        (a global it changed, a file it left) may then reach the next one: the caller reruns a
        check that fails in it in a fresh process (`inherited`, grader.plugin). False where
        the process cannot go on: call reset instead."""
        box = self.sandboxes.get(topic)
        if (
            box is None
            or box in self.pending
            or not self._forks_again(box, topic)
            or not box.left_nothing_running()
        ):
            return False
        self.carried = {topic: (box, box.function_pid)}
        return True

    def inherited(self, topic: str) -> bool:
        """Whether `topic`'s calls go to a process that served an earlier function (carry_on)."""
        box, pid = self.carried.get(topic, (None, None))
        return box is not None and self.sandboxes.get(topic) is box and box.function_pid == pid

    def _forks_again(self, box, topic) -> bool:
        """Whether `box`, the sandbox of `topic`, can fork a process for the topic's next
        function (or will, once its replies are read)."""
        return (
            box is not None
            and box.forks
            and box.alive
            and topic not in self.single_process_topics
            and topic not in self.import_failures
        )

    def _prepare_ahead(self, topic, old_uids) -> None:
        """In reset's thread: the spare for `topic` starts, then `old_uids` are swept."""
        try:
            if topic and topic not in self.import_failures:
                self._start(topic, spare=True)
        except Exception:  # noqa: BLE001 - no spare: the next reset starts the sandbox itself
            pass  # (and meets the same failure where the judge can report it)
        finally:
            self._sweep(old_uids)

    def _wait_for_ahead(self) -> None:
        if self._ahead is not None:
            self._ahead.join()
            self._ahead = None

    def close(self, wait: bool = True):
        self._wait_for_ahead()
        spare, self.spare = self.spare, None
        self._sweep(self._stop_all(wait, also=[spare] if spare is not None else []))

    def _stop_all(self, wait: bool, also=()) -> list[int]:
        """Kill every sandbox and those in `also`; the user ids they ran as."""
        boxes = [*self.sandboxes.values(), *also]
        uids = [box.uid for box in boxes if getattr(box, "uid", None)]
        for box in boxes:
            box.stop(wait)
        self.sandboxes.clear()
        self.pending.clear()
        return uids

    def _sweep(self, uids: list[int]) -> None:
        if uids:  # what they left behind, in a new session or not
            self.users.kill_everything_of(uids)
        remove_left_behind()

    def _in_their_terms(self, box, text: str) -> str:
        """Paths in a message as the student knows them (not the sandbox's copy's)."""
        seen_as = getattr(box, "seen_as", self.submission_dir)
        if text and seen_as != self.submission_dir:
            return text.replace(seen_as, self.submission_dir)
        return text


def _refused_by_path(folder: str) -> dict:
    try:
        return {r.path: r for r in refused_files(folder)}
    except OSError:
        return {}  # no such folder: each topic reports it


class RemoteFunction:
    """`student.<topic>.<name>`: calling it runs the submission's function in the sandbox."""

    def __init__(self, boxes: TopicSandboxes, topic: str, name: str, target=None, what=None):
        self._boxes, self._topic, self._name = boxes, topic, name
        self._target = target or protocol.ModuleTarget(topic, name)
        self._what = what or f"{topic}.{name}"

    def __call__(self, *args, **kwargs):
        return self._boxes.call(
            self._topic, self._target, args, kwargs, what=self._what, record=False
        ).value

    def call(self, *args, **kwargs) -> Call:
        """Like calling it, but returns a `Call` with the inputs as they were afterwards and the
        facts the sandbox recorded (torch functions used, storage sharing, strides)."""
        return self._boxes.call(
            self._topic, self._target, args, kwargs, what=self._what, inputs=True
        )

    def backward_call(self, *args, grad_outputs=None, second_order=None, **kwargs) -> Call:
        """Call, then differentiate the result in the sandbox with respect to every tensor
        argument that requires grad: `Call.input_grads` (one per such argument, in order; None
        where unused), and with `second_order` vectors (one per such argument)
        `Call.second_order`, the gradient of sum_i <grad_i, v_i> (gradgradcheck's probe)."""
        backward = (grad_outputs, second_order)
        return self._boxes.call(
            self._topic, self._target, args, kwargs, what=self._what, inputs=True, backward=backward
        )

    def __getattr__(self, name):
        """`student.backprop.LinearFunction.apply`: an attribute of the named object."""
        if name.startswith("_") or not isinstance(self._target, protocol.ModuleTarget):
            raise AttributeError(name)
        return RemoteFunction(
            self._boxes, self._topic, f"{self._name}.{name}", what=f"{self._what}.{name}"
        )

    def keep(self, *args, **kwargs):
        """Call and keep the result in the sandbox, returning a RemoteObject."""
        return self._boxes.call(
            self._topic, self._target, args, kwargs, what=self._what, keep=True, record=False
        ).value

    def __repr__(self):
        return f"<submission's {self._what}>"


class RemoteObject:
    """An object that lives in the sandbox (e.g. a constructed nn.Module): its methods are
    RemoteFunctions. It is gone when its sandbox restarts."""

    def __init__(self, boxes, box, ref):
        self._boxes, self._box, self._ref = boxes, box, ref

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._method(name)

    def _method(self, name):
        topic = self._box.topic
        if self._boxes.sandboxes.get(topic) is not self._box:
            raise SandboxCrash(
                i18n.tr(
                    f"the {self._ref.type_name} object was lost when its sandbox restarted",
                    f"沙箱重启时，{self._ref.type_name} 对象丢失了",
                )
            )
        return RemoteFunction(
            self._boxes,
            topic,
            name,
            target=protocol.HandleTarget(self._ref.handle_id, name),
            what=f"{self._ref.type_name}.{name}",
        )

    def __call__(self, *args, **kwargs):
        return self._method("__call__")(*args, **kwargs)

    def get(self, name: str):
        """The value of an attribute (`early_stopping.get("best")`); an object that is not plain
        data comes back as a RemoteObject (`model.get("fc_unit")`)."""
        self._method(name)  # fails the same way when the sandbox restarted
        reader = RemoteFunction(
            self._boxes,
            self._box.topic,
            "read_attribute",
            target=protocol.KitTarget("grader.sandbox.worker", "read_attribute"),
            what=f"{self._ref.type_name}.{name}",
        )
        return reader.keep(self, name)

    def backward_call(self, *args, **kwargs) -> Call:
        """Call the object (an nn.Module's forward) and differentiate in the sandbox: the Call's
        `input_grads` and, for a module, `param_grads` {name: gradient}."""
        return self._method("__call__").backward_call(*args, **kwargs)

    @property
    def type_name(self):
        return self._ref.type_name

    def __repr__(self):
        return f"<submission's {self._ref.type_name} object>"


def encode_handle(obj):
    """Send a RemoteObject back to its sandbox as a handle."""
    if isinstance(obj, RemoteObject):
        return obj._ref
    return None


class Student:
    """The `student` fixture: `student.indexing.first_image(x)` runs the submission's function."""

    def __init__(self, boxes: TopicSandboxes):
        self._boxes = boxes

    def __getattr__(self, topic):
        if topic.startswith("_"):
            raise AttributeError(topic)
        return _Topic(self._boxes, topic)


class _Topic:
    def __init__(self, boxes, topic):
        self._boxes, self._topic = boxes, topic

    def kit_function(self, fn) -> RemoteFunction:
        """A function of the kit (module `grader.*`), run in this topic's sandbox: its result can
        be kept there and handed to the submission, e.g.
        `train, test = student.mlp_mnist.kit_function(mnist_loaders).keep(64)`."""
        module, name = fn.__module__, fn.__qualname__
        if not module.startswith("grader."):
            # en only: a bug in a suite, for its author
            raise ValueError(f"{module}.{name} is not a function of the kit")
        return RemoteFunction(
            self._boxes,
            self._topic,
            name,
            target=protocol.KitTarget(module, name),
            what=i18n.Msg(f"the kit's {name}", f"评分程序的 {name}"),
        )

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return RemoteFunction(self._boxes, self._topic, name)
