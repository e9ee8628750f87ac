"""The sandbox: isolation, timeouts, crashes, restarts, facts, handles."""

import contextlib
import ctypes
import os
import subprocess
import sys
import textwrap
import time

import pytest
import torch

from grader.data import mnist_loaders
from grader.sandbox.client import (
    ImportFailure,
    NotImplementedByStudent,
    RemoteObject,
    SandboxCrash,
    SandboxTimeout,
    Student,
    StudentError,
    TopicSandboxes,
)
from grader.sandbox.process import _children, can_list_children
from tests.kit.conftest import ROOT

MODULE = """
import os, signal, time, ctypes
import torch
from torch import broadcast_shapes as shapes_alias

COUNTER = []

def identity(x):
    return x

def add_one_in_place(x):
    x.add_(1)
    return None

def expand_row(row):
    return row.expand(3, row.shape[-1])

def use_alias(a, b):
    return tuple(shapes_alias(a, b))

def todo(x):
    raise NotImplementedError()

def meta_unsupported(x):
    return x.masked_select(x > 0)

def fails(x):
    return x[100]

def spin():
    while True:
        pass

def nap(seconds):
    time.sleep(seconds)
    return seconds

def exit_hard():
    os._exit(7)

def segfault():
    ctypes.string_at(0)

def hoard():
    return torch.empty(3 << 30, dtype=torch.uint8)

def chatty():
    print("to stdout")
    os.write(1, b"raw bytes to fd 1\\n")
    return 1

def remember(v):
    COUNTER.append(v)
    return len(COUNTER)

def not_plain():
    return object()

def leave_behind():
    # files in the scratch folders, and a process of its own, detached, that sleeps on
    for path in ("/tmp/left", "left", "/dev/shm/left"):
        with open(path, "w") as f:
            f.write("from an earlier function")
    pid = os.fork()
    if pid == 0:
        os.setsid()
        time.sleep(600)
        os._exit(0)
    return pid

def leave_a_thread():
    import threading
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()

def leave_an_orphan():
    # a process of its own that leaves its parent (double fork, setsid): process 1 adopts it
    middle = os.fork()
    if middle == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(600)
        os._exit(0)
    os.waitpid(middle, 0)

def left_behind(pid):
    files = [p for p in ("/tmp/left", "left", "/dev/shm/left") if os.path.exists(p)]
    try:
        os.kill(pid, 0)
        return files, True
    except ProcessLookupError:
        return files, False

def count_samples(loader):
    return sum(len(y) for _, y in loader)

def model_and_history():
    return torch.nn.Linear(2, 1), [{"loss": 1.0}]

class Affine(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(3, 2)

    def forward(self, x):
        return self.lin(x)


class Scaler:
    def __init__(self, k):
        self.k = k
    def __call__(self, x):
        return x * self.k
    def scale(self, x):
        return x * self.k
"""


THREAD_AT_IMPORT = """
import threading, time
threading.Thread(target=time.sleep, args=(600,), daemon=True).start()

def answer():
    return 42
"""


@pytest.fixture
def student(tmp_path):
    (tmp_path / "topic.py").write_text(MODULE)
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    (tmp_path / "raises.py").write_text("raise RuntimeError('at import')\n")
    (tmp_path / "threads.py").write_text(THREAD_AT_IMPORT)
    boxes = TopicSandboxes(tmp_path, timeout=3, memory_mb=2048)
    yield Student(boxes)
    boxes.close()


def test_values_come_back(student):
    x = torch.randn(2, 3)
    assert torch.equal(student.topic.identity(x), x)


def test_student_exception_is_reported_with_its_traceback(student):
    with pytest.raises(StudentError) as err:
        student.topic.fails(torch.zeros(2))
    assert err.value.exc_type == "IndexError"
    assert "topic.py" in err.value.traceback_text and "x[100]" in err.value.traceback_text
    assert not isinstance(err.value, NotImplementedByStudent)


def test_stub_is_not_implemented_but_torch_errors_are_not(student):
    with pytest.raises(NotImplementedByStudent):
        student.topic.todo(torch.zeros(1))
    with pytest.raises(StudentError) as err:
        student.topic.meta_unsupported(torch.zeros(2, device="meta"))
    assert not isinstance(err.value, NotImplementedByStudent)


def test_timeout_kills_and_next_call_gets_a_fresh_sandbox(student):
    with pytest.raises(SandboxTimeout, match="did not finish within 3 s"):
        student.topic.spin()
    assert torch.equal(student.topic.identity(torch.ones(1)), torch.ones(1))


def test_a_call_that_waits_past_its_budget_without_computing_is_not_stopped(tmp_path):
    # What a loaded machine does to a call: more wall time than its budget, little CPU time.
    # A budget of wall time alone stopped such a call; it counts CPU time too now.
    (tmp_path / "topic.py").write_text(MODULE)
    boxes = TopicSandboxes(tmp_path, timeout=1, memory_mb=2048)
    try:
        assert Student(boxes).topic.nap(1.8) == 1.8
    finally:
        boxes.close()


@pytest.mark.parametrize(("call", "at_most"), [("spin", 2.5), ("nap", 5.5)])
def test_a_computing_call_stops_at_its_budget_a_waiting_one_at_the_backstop(
    tmp_path, call, at_most
):
    (tmp_path / "topic.py").write_text(MODULE)
    boxes = TopicSandboxes(tmp_path, timeout=1, memory_mb=2048)
    args = () if call == "spin" else (3600,)
    try:
        boxes.for_topic("topic")  # the import's own time is not this call's
        started = time.monotonic()
        with pytest.raises(SandboxTimeout, match="within 1 s"):
            getattr(Student(boxes).topic, call)(*args)
        took = time.monotonic() - started
    finally:
        boxes.close()
    # spin: 1 s of wall and of CPU time; nap: the backstop, 3 * 1 + 1 s of wall time
    assert (1.0 <= took <= at_most) and (call == "spin" or took >= 4.0), took


@pytest.mark.parametrize(("name", "says"), [("exit_hard", "status 7"), ("segfault", "SIGSEGV")])
def test_crash_is_reported_and_grading_goes_on(student, name, says):
    with pytest.raises(SandboxCrash, match=says):
        getattr(student.topic, name)()
    assert student.topic.identity(5) == 5


def test_memory_cap_turns_a_hoard_into_an_error(student):
    with pytest.raises(StudentError, match="alloc|memory"):
        student.topic.hoard()


def test_import_failures_are_reported_for_every_call(student):
    for _ in range(2):
        with pytest.raises(ImportFailure) as err:
            student.broken.f()
        assert err.value.exc_type == "SyntaxError" and "broken.py" in err.value.traceback_text
    with pytest.raises(ImportFailure, match="at import"):
        student.raises.anything()
    with pytest.raises(ImportFailure, match="there is no missing.py"):
        student.missing.f()


def test_output_is_captured_and_raw_writes_never_reach_the_judge(student, capfd):
    call = student.topic.chatty.call()
    assert call.output == "to stdout\n"
    out, err = capfd.readouterr()
    assert "raw bytes" not in out + err


def test_facts_storage_sharing_and_inputs_after(student):
    row = torch.arange(4.0)
    call = student.topic.expand_row.call(row)
    assert call.tensor_facts[0]["shares_input_storage"] and call.tensor_facts[0]["stride"] == (0, 1)
    assert (
        student.topic.identity.call(row.clone()).tensor_facts[0]["shares_input_storage"]
        is not False
    )
    x = torch.zeros(3)
    call = student.topic.add_one_in_place.call(x)
    assert torch.equal(call.inputs_after[0][0], torch.ones(3)) and torch.equal(x, torch.zeros(3))


def test_python_level_torch_functions_are_recorded_through_an_alias(student):
    call = student.topic.use_alias.call((3, 1), (1, 4))
    assert call.value == (3, 4) and "broadcast_shapes" in call.calls


def test_objects_stay_in_the_sandbox_behind_handles(student):
    scaler = student.topic.Scaler(3.0)
    assert isinstance(scaler, RemoteObject) and scaler.type_name == "Scaler"
    assert torch.equal(scaler.scale(torch.ones(2)), torch.full((2,), 3.0))
    assert torch.equal(scaler(torch.ones(1)), torch.full((1,), 3.0))


def test_reset_gives_fresh_state_and_loses_handles(student):
    assert student.topic.remember(1) == 1
    assert student.topic.remember(2) == 2
    scaler = student.topic.Scaler(2.0)
    student._boxes.reset()
    assert student.topic.remember(3) == 1
    with pytest.raises(SandboxCrash, match="lost"):
        scaler.scale(torch.ones(1))


def test_unencodable_result_is_a_reported_failure(student):
    with pytest.raises(StudentError) as err:
        student.topic.not_plain()
    assert err.value.exc_type == "UnsupportedResult" and "builtins.object" in err.value.message


def test_in_process_mode_gives_the_same_values(tmp_path):
    (tmp_path / "topic.py").write_text(textwrap.dedent(MODULE))
    boxes = TopicSandboxes(tmp_path, in_process=True)
    student = Student(boxes)
    row = torch.arange(3.0)
    assert torch.equal(student.topic.expand_row(row), row.expand(3, 3))
    with pytest.raises(NotImplementedByStudent):
        student.topic.todo(row)


def test_in_process_calls_write_in_a_folder_of_their_own(tmp_path, monkeypatch):
    submission, started_in = tmp_path / "sub", tmp_path / "here"
    submission.mkdir()
    started_in.mkdir()
    (submission / "writer.py").write_text(
        "import os\ndef write():\n    open('out.txt', 'w').write('x')\n    return os.getcwd()\n"
    )
    monkeypatch.chdir(started_in)
    boxes = TopicSandboxes(submission, in_process=True)
    wrote_in = Student(boxes).writer.write()
    assert os.path.isfile(os.path.join(wrote_in, "out.txt"))
    assert os.getcwd() == str(started_in) and not list(started_in.iterdir())
    assert not (submission / "out.txt").exists()


def test_module_forward_and_backward_give_input_and_parameter_gradients(student):
    model = student.topic.Affine()
    state = model.state_dict()
    assert set(state) == {"lin.weight", "lin.bias"}
    weight, bias = torch.ones(2, 3), torch.zeros(2)
    model.load_state_dict({"lin.weight": weight, "lin.bias": bias})
    assert model.train(False) is not None  # returns the module itself, as a handle
    x = torch.randn(4, 3, requires_grad=True)
    call = model.backward_call(x)
    assert torch.allclose(call.value, x.detach() @ weight.T + bias)
    assert torch.allclose(call.input_grads[0], torch.ones(4, 2) @ weight)
    assert set(call.param_grads) == {"lin.weight", "lin.bias"}
    assert torch.allclose(call.param_grads["lin.weight"], torch.ones(2, 4) @ x.detach())
    assert torch.allclose(call.param_grads["lin.bias"], torch.full((2,), 4.0))


def test_kit_functions_run_in_the_sandbox_and_their_objects_stay_there(student):
    train, test = student.topic.kit_function(mnist_loaders).keep(500)
    assert isinstance(train, RemoteObject) and train.type_name == "DataLoader"
    assert student.topic.count_samples(train) == 4000
    assert student.topic.count_samples(test) == 1000
    with pytest.raises(ValueError, match="not a function of the kit"):
        student.topic.kit_function(torch.zeros)


def test_keep_keeps_only_the_objects_of_a_tuple(student):
    model, history = student.topic.model_and_history.keep()
    assert isinstance(model, RemoteObject) and model.type_name == "Linear"
    assert history == [{"loss": 1.0}]
    assert set(model.state_dict()) == {"weight", "bias"}


def test_attributes_of_kept_objects(student):
    scaler = student.topic.Scaler(2.5)
    assert scaler.get("k") == 2.5
    model = student.topic.Affine()
    lin = model.get("lin")
    assert isinstance(lin, RemoteObject) and lin.type_name == "Linear"
    assert lin.get("weight").shape == (2, 3)
    with pytest.raises(StudentError, match="no attribute"):
        scaler.get("missing")


@pytest.mark.skipif(os.geteuid() != 0, reason="sandboxes switch users only where the judge is root")
def test_an_unreadable_folder_on_sys_path_never_makes_sandboxes_run_as_root(tmp_path, monkeypatch):
    # An in-process grading puts its (pytest, root-only) folder on sys.path; that once turned
    # the user switch off for every later sandbox of the process, which then ran as root.
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    monkeypatch.syspath_prepend(str(closed))
    (tmp_path / "topic.py").write_text("import os\ndef uid():\n    return os.getuid()\n")
    boxes = TopicSandboxes(tmp_path, timeout=10, memory_mb=2048)
    try:
        assert Student(boxes).topic.uid() != 0
    finally:
        boxes.close()


def test_the_next_function_of_a_topic_gets_a_fork_with_nothing_of_the_last(student):
    boxes = student._boxes
    boxes.forking = boxes.jailed and can_list_children()  # as unless GRADE_SANDBOX_FORK=0
    if not boxes.forking:
        pytest.skip("no PID namespaces here: every function gets a new sandbox instead")
    assert student.topic.remember(1) == 1
    pid = student.topic.leave_behind()
    assert student.topic.left_behind(pid) == (["/tmp/left", "left", "/dev/shm/left"], True)
    box = boxes.sandboxes["topic"]
    served_by = box.function_pid
    boxes.reset("topic", then_topic="topic")
    assert student.topic.remember(2) == 1  # a fresh process: the call before is not in it
    assert boxes.sandboxes["topic"] is box and box.function_pid != served_by  # a fork of it
    assert boxes.spare is None  # none needed: the function after will be a fork too
    assert student.topic.left_behind(pid) == ([], False)


@pytest.mark.parametrize("leave", [None, "leave_behind", "leave_a_thread", "leave_an_orphan"])
def test_a_function_process_goes_on_to_the_next_function_only_if_it_left_nothing_running(
    student, leave
):
    # TopicSandboxes.carry_on: the process that served a function serves the topic's next one
    # only where nothing it started runs on (a child, a thread, a process adopted by process 1)
    boxes = student._boxes
    boxes.forking = boxes.jailed and can_list_children()
    if not boxes.forking:
        pytest.skip("no PID namespaces here: every function gets a new sandbox instead")
    assert student.topic.remember(1) == 1
    if leave:
        getattr(student.topic, leave)()
    box = boxes.sandboxes["topic"]
    served_by = box.function_pid
    assert not boxes.inherited("topic")
    assert boxes.carry_on("topic") == (leave is None)
    if leave is None:
        assert boxes.inherited("topic") and box.function_pid == served_by
        assert student.topic.remember(2) == 2  # the same process: the call before is in it
    else:
        boxes.reset("topic")
        assert student.topic.remember(2) == 1
    boxes.reset("topic")  # what the plugin does when a check fails in an inherited process
    assert not boxes.inherited("topic") and box.function_pid != served_by
    assert student.topic.remember(3) == 1


def test_a_forked_function_process_holds_nothing_of_process_1s_channel(student):
    # Process 1 reads the judge's Forks; a function's process, or anything it starts (a fork
    # bomb's copies, all in the worker's loop), that held the same socket could read the judge's
    # requests for the next function, or leave half of one there. Each function gets a socket of
    # its own (grader.sandbox.process.ProcessSandbox.ask_for_function_process).
    boxes = student._boxes
    boxes.forking = boxes.jailed and can_list_children()
    if not boxes.forking:
        pytest.skip("no PID namespaces here: every function gets a new sandbox instead")
    for _ in range(2):  # the first function's process, and a fork for the next function
        assert student.topic.remember(1) == 1
        box = boxes.sandboxes["topic"]
        (process_1,) = _children(box.process.pid)
        assert box.function_pid is not None and _children(process_1) == [box.function_pid]
        assert _sockets(process_1) and _sockets(box.function_pid)
        assert not _sockets(process_1) & _sockets(box.function_pid)
        boxes.reset("topic", then_topic="topic")


def _sockets(pid: int) -> set[str]:
    """The sockets (as `socket:[inode]`) process `pid` holds."""
    found = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            if (target := os.readlink(f"/proc/{pid}/fd/{fd}")).startswith("socket:"):
                found.add(target)
    return found


def test_a_topic_whose_import_leaves_threads_gets_a_sandbox_per_function(student):
    boxes = student._boxes
    boxes.forking = boxes.jailed and can_list_children()
    assert student.threads.answer() == 42
    first = boxes.sandboxes["threads"]
    assert not first.forks
    if boxes.forking:
        assert "threads" in boxes.single_process_topics
    boxes.reset("threads", then_topic="threads")
    assert student.threads.answer() == 42
    assert boxes.sandboxes["threads"] is not first


def test_reset_hands_over_the_spare_started_for_the_function_after(student):
    boxes = student._boxes
    boxes.forking = False  # each function a new sandbox, as where there are no PID namespaces
    assert student.topic.remember(1) == 1
    boxes.reset("topic", then_topic="topic")
    boxes._wait_for_ahead()
    spare = boxes.spare
    assert spare is not None and spare.alive
    boxes.reset("topic")  # the next function's sandbox is that spare, its module imported
    assert boxes.sandboxes["topic"] is spare and boxes.spare is None
    assert student.topic.remember(2) == 1  # fresh: nothing of the call before reached it


def test_a_spare_for_another_topic_is_stopped_and_close_stops_a_spare(student):
    boxes = student._boxes
    boxes.forking = False
    boxes.reset("topic", then_topic="broken")
    boxes._wait_for_ahead()
    unused = boxes.spare
    assert unused.topic == "broken" and unused.alive
    pid = unused.process.pid
    boxes.reset("topic", then_topic="topic")  # the function after is not of `broken` after all
    assert boxes.sandboxes["topic"] is not unused
    assert _dies(pid)
    boxes._wait_for_ahead()
    pid = boxes.spare.process.pid
    boxes.close()  # waits for what it stops
    assert boxes.spare is None and _dies(pid, within=0)


def _dies(pid: int, within: float = 5.0) -> bool:
    """Whether `pid` is dead within `within` seconds (a zombie waiting for the forkserver is)."""
    deadline = time.monotonic() + within
    while True:
        try:
            with open(f"/proc/{pid}/status") as f:
                if any(line.startswith("State:") and line.split()[1] in "ZX" for line in f):
                    return True
        except FileNotFoundError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)


def test_the_sandboxes_warm_parent_starts_without_dasks_malloc_trim_threshold():
    # Dask's nanny gives its workers MALLOC_TRIM_THRESHOLD_=65536; in the warm parent, and so
    # in every sandbox, it made malloc hand memory back and fault it in again (FORKSERVER_ENVIRON)
    code = textwrap.dedent(
        """
        import os
        from multiprocessing import forkserver
        from grader.sandbox import process
        os.environ["MALLOC_TRIM_THRESHOLD_"] = "65536"
        process.warm_up()
        with open(f"/proc/{forkserver._forkserver._forkserver_pid}/environ", "rb") as f:
            names = [v.split(b"=")[0] for v in f.read().split(b"\\0")]
        print(b"MALLOC_TRIM_THRESHOLD_" in names, os.environ["MALLOC_TRIM_THRESHOLD_"])
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "65536"], done.stderr[-2000:]


MMAPPED_BY_A_MEGABYTE = """
import ctypes, sys
from grader.sandbox.process import undo_dasks_malloc_trim

class Mallinfo(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Mallinfo
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
undone = undo_dasks_malloc_trim() if sys.argv[1] == "undo" else False
before = libc.mallinfo2().hblks
block = libc.malloc(1 << 20)
print(undone, libc.mallinfo2().hblks - before)
libc.free(block)
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "mallinfo2"),
    reason="glibc's mallopt and mallinfo2 (glibc 2.33 and later)",
)
def test_a_judge_with_dasks_malloc_trim_threshold_sets_the_thresholds_back():
    """Dask's nanny starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which fixes glibc's
    thresholds: a freed megabyte is unmapped and mapped again at the next allocation. A judge
    worker undoes that (grader.batch makes its session with it): the megabyte comes from the
    heap."""
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}

    def mmapped(step):
        proc = subprocess.run(
            [sys.executable, "-c", MMAPPED_BY_A_MEGABYTE, step],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert mmapped("leave") == ["False", "1"]
    assert mmapped("undo") == ["True", "0"]
