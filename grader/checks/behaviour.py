"""Checks of how a call behaved, beyond its value: inputs left alone, storage shared, the torch
functions it used, the device it created tensors on, the errors it raised."""

from __future__ import annotations

import ast
import os

import torch

from grader.checks.compare import THE_RESULT, fail, shape_str, tensors_match
from grader.checks.devices import to_device
from grader.checks.feedback import student_text
from grader.i18n import Msg, before_chinese, label, quote, tr
from grader.lessons import cite
from grader.sandbox.client import Call, NotImplementedByStudent, RemoteFunction, StudentError


def assert_inputs_unchanged(call: Call, *args, names=None):
    """Every tensor argument, also inside lists, tuples and dicts, must be unchanged after the
    call (compared with `call.inputs_after`). `names` are the arguments' names in code."""
    after = call.inputs_after[0]
    for i, (before, now) in enumerate(zip(args, after)):
        name = (
            names[i] if names and i < len(names) else tr(f"argument {i + 1}", f"第 {i + 1} 个参数")
        )
        for where, old, new in _paired_tensors(before, now, name):
            if not tensors_match(new, old, rtol=0, atol=0):
                fail(
                    f"The function changed its input {where} in place (an in-place op such as add_ or "
                    f"x[...] = ...). Leave inputs as they are: work on a copy (x.clone()) or use out-of-place ops.",
                    f"函数原地修改了输入 {where}（如 add_ 或 x[...] = ...）。请不要改动输入：先 x.clone()，或使用非原地运算。",
                )


def _paired_tensors(before, now, where):
    if isinstance(before, torch.Tensor):
        yield where, before, now
    elif isinstance(before, (list, tuple)) and isinstance(now, (list, tuple)):
        for j, (b, n) in enumerate(zip(before, now)):
            yield from _paired_tensors(b, n, f"{where}[{j}]")
    elif isinstance(before, dict) and isinstance(now, dict):
        for key in before:
            yield from _paired_tensors(before[key], now.get(key), f"{where}[{key!r}]")


def assert_shares_storage(call: Call, index: int = 0, *, what: str | Msg = THE_RESULT):
    """The index-th tensor of the result must share memory with an input (a view, not a copy)."""
    what = label(what)
    facts = call.tensor_facts
    if index >= len(facts):
        fail(f"{what} should be a tensor.", f"{before_chinese(what)}应当是张量。")
    if not facts[index]["shares_input_storage"]:
        lesson = cite("expand", "expand vs repeat", "expand 与 repeat")
        fail(
            f"{what} is a copy; it should share memory with the input. expand and view make views "
            f"without copying; repeat, clone and contiguous copy. {lesson}",
            f"{before_chinese(what)}是一份拷贝，应当与输入共享内存。expand 和 view 不拷贝数据；"
            f"repeat、clone、contiguous 会拷贝。{lesson}",
        )


def _module_tree(fn: RemoteFunction) -> ast.Module:
    """The submission's topic module, parsed in the judge (an empty module where unreadable)."""
    path = os.path.join(fn._boxes.submission_dir, f"{fn._topic}.py")
    try:
        with open(path, encoding="utf-8") as f:
            return ast.parse(f.read(), filename=path)
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
        return ast.Module(body=[], type_ignores=[])


def _definition(fn: RemoteFunction):
    """The AST of the submission's function, read from its source without running it: the last
    definition of that name, the one Python keeps; None when there is none or it cannot be read."""
    tree = _module_tree(fn)
    definitions = [
        node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.name == fn._name
    ]
    return definitions[-1] if definitions else None


def source_defaults(fn: RemoteFunction) -> dict[str, object] | None:
    """The default values of the submission's function's parameters, read from its source in the
    judge: {name: value} for each default written as a literal (`lr=1e-3`) or as a module-level
    constant assigned a literal (`steps=STEPS`); a default written otherwise is left out. None
    when the function cannot be read."""
    node = _definition(fn)
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    constants = {}
    for statement in _module_tree(fn).body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                constants[target.id] = statement.value
    positional = node.args.posonlyargs + node.args.args
    pairs = list(zip(positional[len(positional) - len(node.args.defaults) :], node.args.defaults))
    pairs += [(a, d) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults) if d is not None]
    values = {}
    for arg, default in pairs:
        if isinstance(default, ast.Name) and default.id in constants:
            default = constants[default.id]
        try:
            values[arg.arg] = ast.literal_eval(default)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return values


def source_names(fn: RemoteFunction, *, own=()) -> set[str] | None:
    """What the submission's function reaches by name, read from its source: attributes
    (`F.softmax`, `x.gather`), names it calls (`softmax(x)`) and names it imports. A local
    variable that merely shares a name (`log_softmax = logits - lse`) is not counted, nor a bare
    call of a name in `own`: the submission's own function of that name (`lstm_cell(x, ...)`,
    where `torch.lstm_cell` still counts)."""
    node = _definition(fn)
    if node is None:
        return None
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            names.add(sub.attr)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
            if sub.func.id not in own:
                names.add(sub.func.id)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            names.update(alias.name.split(".")[-1] for alias in sub.names)
    return names


_LOOPS = {
    ast.For: Msg.code("for"),
    ast.AsyncFor: Msg.code("for"),
    ast.While: Msg.code("while"),
    ast.ListComp: Msg("a list comprehension", "列表推导式"),
    ast.SetComp: Msg("a set comprehension", "集合推导式"),
    ast.DictComp: Msg("a dict comprehension", "字典推导式"),
    ast.GeneratorExp: Msg("a generator expression", "生成器表达式"),
}


def python_loops(fn: RemoteFunction) -> list[str]:
    """The kinds of Python loop in the submission's function body (empty when none or unreadable)."""
    node = _definition(fn)
    if node is None:
        return []
    return sorted({str(_LOOPS[type(sub)]) for sub in ast.walk(node) if type(sub) in _LOOPS})


def assert_not_using(fn: RemoteFunction, call: Call, forbidden, *, lesson: Msg | None = None):
    """The call must not have used any of the `forbidden` torch functions, however reached
    (torch.X, an alias, a Tensor method): recorded at run time in the sandbox, and also looked
    for by name in the function's source."""
    forbidden = set(forbidden)
    used = {
        name.split(".")[0] for name in call.calls
    } & forbidden  # "log_softmax.int" is log_softmax
    used |= (source_names(fn) or set()) & forbidden
    if used:
        names, lesson = ", ".join(sorted(used)), label(lesson, "lesson") if lesson else ""
        fail(
            f"This exercise is to be done by hand, but the function uses {names}. "
            f"Write it with simpler operations. {lesson}".strip(),
            f"本题要求手写实现，但函数用了 {'、'.join(sorted(used))}。请用更基础的运算实现。{lesson}".strip(),
        )


# What moving a meta tensor's data off its device raises: `.numpy()` (which fails on CUDA too),
# and "Cannot copy out" for `.cpu()`, `.to("cpu")` and `.tolist()`. `.tolist()` is also how a
# loop reads values, which is slow but right on any device, as is `.item()` (another error): so
# "Cannot copy out" fails the check only where the function's source, read in the judge, moves
# data to the CPU (`.cpu()`, `.to("cpu")`) or builds a tensor from `.tolist()`/`.numpy()`.
# en only: torch's own texts, matched in its errors, never shown
NUMPY_ERROR = "can't convert meta device type tensor to numpy"
COPY_OUT_ERROR = "Cannot copy out of meta tensor"  # en only
_REBUILDERS = {"tensor", "as_tensor", "Tensor", "from_numpy", "asarray", "array"}


def _moves_off_device(fn, message: str) -> bool:
    if NUMPY_ERROR in message:
        return True
    if COPY_OUT_ERROR not in message:
        return False
    node = _definition(fn) if hasattr(fn, "_boxes") else None
    if node is None:
        return False
    for sub in ast.walk(node):
        if not (isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute)):
            continue
        name = sub.func.attr
        if name == "cpu":
            return True
        if name == "to" and any(
            _names_cpu(a) for a in [*sub.args, *(k.value for k in sub.keywords)]
        ):
            return True
        if name in _REBUILDERS and any(
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr in ("tolist", "numpy")
            for arg in sub.args
            for inner in ast.walk(arg)
        ):
            return True
    return False


def _names_cpu(node) -> bool:
    """`"cpu"`, or `torch.device("cpu")`."""
    if isinstance(node, ast.Constant) and node.value == "cpu":
        return True
    return isinstance(node, ast.Call) and any(_names_cpu(a) for a in node.args)


# Errors that only a tensor on the wrong device causes (a CPU tensor meeting a meta input).
DEVICE_MIX_ERRORS = (  # en only: torch's own texts
    "is not on the expected device",  # en only
    "Expected all tensors to be on the same device",  # en only
    "cross-device copies are not allowed",  # en only
)


def assert_keeps_meta(fn: RemoteFunction, *args, **kwargs):
    """Called on meta tensors (also those inside list, tuple and dict arguments), every tensor
    the function returns must be on meta too (a tensor created without device= would land on the
    CPU). A function that cannot run on meta at all, because it reads values, is not failed for
    that."""
    meta_args = to_device(list(args), "meta")
    meta_kwargs = to_device(kwargs, "meta")
    try:
        value = fn(*meta_args, **meta_kwargs)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if any(sign in err.message for sign in DEVICE_MIX_ERRORS):
            fail(
                f"Given meta tensors, the function mixed devices ({err.exc_type}: {quote(err.message)}): a tensor "
                f"created without device= lands on the CPU. Write torch.zeros(..., device=x.device) or use torch.zeros_like(x).",
                f"输入为 meta 张量时，函数混用了设备（{err.exc_type}：{quote(err.message)}）：新建张量未指定 device= 会落在 CPU 上。"
                f"请写 torch.zeros(..., device=x.device) 或用 torch.zeros_like(x)。",
            )
        if _moves_off_device(fn, err.message):
            fail(
                f"Given meta tensors, the function copied its input off the device "
                f"({err.exc_type}: {quote(err.message)}): with .cpu(), .to('cpu'), .numpy() or .tolist() "
                f"it computes on the CPU whatever device its input is on, and returns CPU tensors "
                f"for CUDA inputs. Compute with tensor operations on the input's own device.",
                f"输入为 meta 张量时，函数把输入拷贝出了原设备（{err.exc_type}：{quote(err.message)}）："
                f"用 .cpu()、.to('cpu')、.numpy() 或 .tolist() 会让计算总在 CPU 上进行，"
                f"输入在 CUDA 上时也返回 CPU 张量。请在输入所在的设备上用张量运算完成计算。",
            )
        return  # it reads values (a loop, .item()), which meta tensors cannot give: not a fault
    for t in _tensors(value):
        if t.device.type != "meta":
            fail(
                f"Given meta tensors, the function returned a tensor on {t.device.type} "
                f"(shape {shape_str(t.shape)}): a tensor created without device= lands on the CPU. "
                f"Write torch.zeros(..., device=x.device) or use torch.zeros_like(x).",
                f"输入为 meta 张量时，函数返回了 {t.device.type} 上的张量（形状 {shape_str(t.shape)}）：新建张量未指定 device= 会落在 CPU 上。"
                f"请写 torch.zeros(..., device=x.device) 或用 torch.zeros_like(x)。",
            )


def _tensors(x):
    if isinstance(x, torch.Tensor):
        yield x
    elif isinstance(x, (list, tuple)):
        for v in x:
            yield from _tensors(v)
    elif isinstance(x, dict):
        for v in x.values():
            yield from _tensors(v)


def expect_raises(fn: RemoteFunction, *args, exc_type: str = "ValueError", mentions=(), **kwargs):
    """The call must raise `exc_type`; its message must contain each string in `mentions`."""
    try:
        value = fn(*args, **kwargs)
    except NotImplementedByStudent:
        raise
    except StudentError as err:
        if err.exc_type != exc_type:
            fail(
                f"Expected {exc_type}, but the function raised {err.exc_type}: {quote(err.message)}",
                f"应当抛出 {exc_type}，但函数抛出了 {err.exc_type}：{quote(err.message)}",
            )
        missing = [m for m in mentions if m not in err.message]
        if missing:
            fail(
                f"The {exc_type} message should name {', '.join(map(repr, missing))}; it says: {quote(student_text(err.message))}",
                f"{exc_type} 的信息应提到 {', '.join(map(repr, missing))}；实际是：{quote(student_text(err.message))}",
            )
        return err
    fail(
        f"Expected the function to raise {exc_type}, but it returned {value!r:.80}.",
        f"应当抛出 {exc_type}，但函数返回了 {value!r:.80}。",
    )
