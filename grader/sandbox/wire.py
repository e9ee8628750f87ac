"""The wire format between the judge and a sandbox: plain data only.

Every value travels as a tagged tree of builtins (tuples, lists, str, bytes, int, float, bool,
None), pickled with protocol 5 and unpickled by an Unpickler that refuses every class. So
nothing the sandbox sends can run code in the judge or carry a rigged ``__eq__``: a tensor
arrives as dtype, shape and raw bytes and is rebuilt here as a plain ``torch.Tensor``.

Tags:
    ("v", x)                    None, bool, int, float, str, bytes
    ("c", re, im)               complex
    ("l", [items]) / ("t", [items])   list / tuple
    ("d", [(key, value), ...])  dict (keys encoded too)
    ("T", dtype, shape, device, data, requires_grad, layout, grad)
                                tensor; data is None on meta; grad is a leaf's .grad
                                (a "T" node) or None; `layout` keeps a
                                non-contiguous tensor non-contiguous: a tuple is the order
                                of its dims in memory (a transposed or permuted tensor, rebuilt
                                as such), True any other layout (rebuilt with gaps)
    ("N", dtype, shape, data)   numpy array
    ("D", name) / ("V", name)   torch.dtype / torch.device
    ("G", device, state)        torch.Generator (its state as a uint8 tensor's bytes)
    ("F", module, qualname)     a module-level function, re-imported by name on the other side
    ("H", handle_id, type_name) an object that stays in the sandbox (see RemoteObject)
"""

from __future__ import annotations

import importlib
import io
import pickle
import sys

import numpy as np
import torch

MAX_DEPTH = 32

_DTYPES = {
    str(d).removeprefix("torch."): d
    for d in (
        torch.float16,
        torch.bfloat16,
        torch.float32,
        torch.float64,
        torch.complex64,
        torch.complex128,
        torch.uint8,
        torch.int8,
        torch.int16,
        torch.int32,
        torch.int64,
        torch.bool,
    )
}
_NUMPY_DTYPES = {
    "bool",
    "uint8",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint16",
    "uint32",
    "uint64",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
}
# Functions passed as arguments (e.g. the `grad` of gradient_descent_1d) are re-imported by
# name; only these module prefixes are admitted, so a message cannot import arbitrary code.
FUNCTION_MODULES = ("grader.", "math", "torch", "numpy")


class WireError(Exception):
    """A message that is not valid plain data."""


class Unencodable(WireError):
    """A value that cannot travel: names what it was and where it sat."""


class HandleRef:
    """A reference to an object that lives in a sandbox (encoded as ("H", id, type_name))."""

    __slots__ = ("handle_id", "type_name")

    def __init__(self, handle_id: int, type_name: str):
        self.handle_id = handle_id
        self.type_name = type_name


def encode(value, *, handle_for=None, where="the value") -> bytes:
    """Serialise plain data. `handle_for(obj)` may turn other objects into a HandleRef."""
    return dumps(tag(value, where, handle_for=handle_for))


def tag(value, where="the value", *, handle_for=None):
    """The tagged tree of `value` (see the module docstring); `dumps` turns trees into bytes."""
    return _tag(value, 0, where, handle_for)


def dumps(tree) -> bytes:
    return pickle.dumps(tree, protocol=5)


class Budget:
    """What rebuilding one message may cost: nodes visited and bytes of data materialised.
    Pickle's memo lets a small message refer to one sub-tree many times; rebuilt, each reference
    is a copy, so a few kilobytes could unfold into 2**30 nodes or gigabytes of tensors."""

    def __init__(self, nodes: int = 2_000_000, data_bytes: int = 1 << 30):
        self.nodes, self.data_bytes = nodes, data_bytes

    def spend(self, nodes: int = 1, data_bytes: int = 0) -> None:
        self.nodes -= nodes
        self.data_bytes -= data_bytes
        if self.nodes < 0:
            raise WireError("message unfolds into too many values (shared sub-objects?)")
        if self.data_bytes < 0:
            raise WireError("message unfolds into too much data (shared sub-objects?)")


def decode(data: bytes, *, resolve_handle=None, budget: Budget | None = None, imports=True):
    """Rebuild a value from `encode`'s bytes. Raises WireError on anything but plain data, and
    on a message that costs more than `budget` to rebuild. With `imports=False` (the judge
    reading a sandbox's reply) a function ("F") must be the kit's own (`grader.*`), is only
    looked up in a module already loaded, never imported, and only through module and class
    dictionaries."""
    try:
        tree = _NoClassUnpickler(io.BytesIO(data)).load()
    except WireError:
        raise
    except Exception as exc:  # truncated or forged bytes
        raise WireError(f"unreadable message: {type(exc).__name__}: {_text(exc)}") from None
    try:
        return _untag(tree, 0, _Reading(resolve_handle, budget or Budget(), imports))
    except (TypeError, ValueError, OverflowError, RuntimeError, AttributeError) as exc:
        # a forged node whose values do not fit its tag
        raise WireError(f"malformed message: {type(exc).__name__}: {_text(exc)}") from None


def _text(exc) -> str:
    try:
        return str(exc)[:200]
    except Exception:  # noqa: BLE001
        return "?"


class _Reading:
    __slots__ = ("resolve_handle", "budget", "imports")

    def __init__(self, resolve_handle, budget, imports):
        self.resolve_handle, self.budget, self.imports = resolve_handle, budget, imports


class _NoClassUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        raise WireError(f"message names a class ({module}.{name}); only plain data is accepted")


def _tag(x, depth, where, handle_for):
    if depth > MAX_DEPTH:
        raise Unencodable(f"{where}: nested more than {MAX_DEPTH} levels deep")
    t = type(x)
    if x is None or t in (bool, int, float, str, bytes):
        return ("v", x)
    if t is complex:
        return ("c", x.real, x.imag)
    if t is torch.Tensor or t is torch.nn.Parameter:
        return _tag_tensor(x)
    if t is torch.Size:
        return ("t", [("v", int(n)) for n in x])
    if t not in (list, tuple) and isinstance(x, (list, tuple)) and not isinstance(x, torch.Tensor):
        # torch.return_types (kthvalue, topk, ...), namedtuples, list subclasses: their items
        # travel as a plain tuple or list, so nothing of the subclass reaches the other side.
        t = list if isinstance(x, list) else tuple
    if t in (list, tuple):
        return (
            "l" if t is list else "t",
            [_tag(v, depth + 1, f"{where}[{i}]", handle_for) for i, v in enumerate(x)],
        )
    if t is not dict and isinstance(x, dict):
        t = dict  # OrderedDict (a state_dict) and other mappings arrive as plain dicts
    if t is dict:
        return (
            "d",
            [
                (
                    _tag(k, depth + 1, where, handle_for),
                    _tag(v, depth + 1, f"{where}[{k!r}]", handle_for),
                )
                for k, v in x.items()
            ],
        )
    if t is np.ndarray:
        if x.dtype.name not in _NUMPY_DTYPES:
            raise Unencodable(f"{where}: numpy array of dtype {x.dtype} is not supported")
        return ("N", x.dtype.name, tuple(x.shape), np.ascontiguousarray(x).tobytes())
    if isinstance(x, np.generic) and type(x).__module__ == "numpy":
        return _tag(x.item(), depth, where, handle_for)
    if t is torch.dtype:
        return ("D", str(x).removeprefix("torch."))
    if t is torch.device:
        return ("V", str(x))
    if t is torch.Generator:
        return ("G", str(x.device), bytes(x.get_state().numpy().tobytes()))
    if t is HandleRef:
        return ("H", x.handle_id, x.type_name)
    if handle_for is not None:
        ref = handle_for(x)
        if ref is not None:
            return ("H", ref.handle_id, ref.type_name)
    if callable(x) and _importable_function(x):
        return ("F", x.__module__, x.__qualname__)
    if isinstance(x, torch.Tensor):
        raise Unencodable(
            f"{where} is a {t.__module__}.{t.__qualname__}, a subclass of torch.Tensor; "
            "return a plain torch.Tensor"
        )
    raise Unencodable(
        f"{where} is a {t.__module__}.{t.__qualname__}; the grader accepts tensors, numbers, "
        "strings, None, and lists, tuples and dicts of them"
    )


def _tag_tensor(x: torch.Tensor):
    requires_grad = bool(x.requires_grad)
    grad = x.grad if x.is_leaf and x.grad is not None else None
    grad = _tag_tensor(grad) if type(grad) is torch.Tensor else None
    x = torch.Tensor.detach(x)
    dtype = str(x.dtype).removeprefix("torch.")
    if dtype not in _DTYPES:
        raise Unencodable(f"tensors of dtype {x.dtype} are not supported")
    device = str(x.device)
    layout = False
    if not x.is_contiguous() and x.numel() > 1:
        order = tuple(sorted(range(x.dim()), key=lambda d: -x.stride(d)))
        layout = order if order != tuple(range(x.dim())) else True
    if x.device.type == "meta":
        data = None
    else:
        in_memory = x.permute(layout) if isinstance(layout, tuple) else x
        flat = in_memory.to("cpu").reshape(-1)
        if flat.numel() and flat.stride(0) != 1:  # e.g. a one-element view with an odd stride
            flat = flat.clone(memory_format=torch.contiguous_format)
        data = flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""
    return ("T", dtype, tuple(int(n) for n in x.shape), device, data, requires_grad, layout, grad)


def _importable_function(f) -> bool:
    module = getattr(f, "__module__", None) or ""
    qualname = getattr(f, "__qualname__", "") or ""
    return (
        "<" not in qualname
        and any(module == p.rstrip(".") or module.startswith(p) for p in FUNCTION_MODULES)
        and _lookup(module, qualname) is f
    )


def _lookup(module, qualname, imports=True):
    if not imports:
        return _lookup_loaded(module, qualname)
    try:
        obj = importlib.import_module(module)
        for part in qualname.split("."):
            obj = getattr(obj, part)
        return obj
    except Exception:
        return None


def _lookup_loaded(module, qualname):
    """`module.qualname` from a module already in sys.modules, by dictionary lookups alone (a
    module's __getattr__ may import)."""
    obj = sys.modules.get(module) if type(module) is str else None
    if obj is None or type(qualname) is not str:
        return None
    for part in qualname.split("."):
        namespace = getattr(obj, "__dict__", None)
        if not isinstance(namespace, dict) or part not in namespace:
            return None
        obj = namespace[part]
    return obj if callable(obj) else None


def _untag(node, depth, reading):
    if depth > MAX_DEPTH:
        raise WireError("message nested too deeply")
    if type(node) is not tuple or not node or type(node[0]) is not str:
        raise WireError("malformed message")
    reading.budget.spend()
    tag = node[0]
    if (
        tag == "v"
        and len(node) == 2
        and (node[1] is None or type(node[1]) in (bool, int, float, str, bytes))
    ):
        if type(node[1]) in (str, bytes):
            reading.budget.spend(0, len(node[1]))
        return node[1]
    if tag == "c" and len(node) == 3:
        return complex(float(node[1]), float(node[2]))
    if tag in ("l", "t") and len(node) == 2 and type(node[1]) is list:
        items = [_untag(v, depth + 1, reading) for v in node[1]]
        return items if tag == "l" else tuple(items)
    if tag == "d" and len(node) == 2 and type(node[1]) is list:
        out = {}
        for pair in node[1]:
            if type(pair) is not tuple or len(pair) != 2:
                raise WireError("malformed dict entry")
            key = _untag(pair[0], depth + 1, reading)
            if type(key) not in (str, int, float, bool, tuple) and key is not None:
                raise WireError("dict keys must be plain")
            out[key] = _untag(pair[1], depth + 1, reading)
        return out
    if tag == "T" and len(node) == 8:
        data = node[4]
        reading.budget.spend(0, len(data) if type(data) is bytes else 0)
        t = _untag_tensor(*node[1:7])
        if node[7] is not None:
            grad = _untag(node[7], depth + 1, reading)
            if type(grad) is not torch.Tensor or grad.shape != t.shape or grad.dtype != t.dtype:
                raise WireError("a tensor's .grad does not match the tensor")
            t.grad = grad
        return t
    if tag == "N" and len(node) == 4:
        dtype, shape, data = node[1:]
        if dtype not in _NUMPY_DTYPES or not _is_shape(shape) or type(data) is not bytes:
            raise WireError("malformed numpy array")
        reading.budget.spend(0, len(data))
        arr = np.frombuffer(data, dtype=np.dtype(dtype))
        if arr.size != _numel(shape):
            raise WireError("numpy array data does not match its shape")
        return arr.reshape(shape).copy()
    if tag == "D" and len(node) == 2 and node[1] in _DTYPES:
        return _DTYPES[node[1]]
    if tag == "V" and len(node) == 2 and type(node[1]) is str and len(node[1]) < 40:
        try:
            return torch.device(node[1])
        except (RuntimeError, ValueError) as exc:
            raise WireError(f"malformed device: {_text(exc)}") from None
    if tag == "G" and len(node) == 3 and type(node[1]) is str and type(node[2]) is bytes:
        reading.budget.spend(0, len(node[2]))
        try:
            gen = torch.Generator(device=node[1])
            gen.set_state(torch.frombuffer(bytearray(node[2]), dtype=torch.uint8))
        except (RuntimeError, ValueError, TypeError) as exc:
            raise WireError(f"malformed generator: {_text(exc)}") from None
        return gen
    if tag == "F" and len(node) == 3:
        module, qualname = node[1], node[2]
        if type(module) is not str or not any(
            module == p.rstrip(".") or module.startswith(p) for p in FUNCTION_MODULES
        ):
            raise WireError(f"function from module {module!r} is not admitted")
        if not reading.imports and not module.startswith("grader."):
            # a reply may only name the kit's own functions (those a check passed in)
            raise WireError(
                f"a reply names a function from {module!r}; only the kit's are admitted"
            )
        f = _lookup(module, qualname, reading.imports)
        if f is None:
            raise WireError(f"cannot find function {module}.{qualname}")
        return f
    if tag == "H" and len(node) == 3 and type(node[1]) is int and type(node[2]) is str:
        ref = HandleRef(node[1], node[2])
        return reading.resolve_handle(ref) if reading.resolve_handle else ref
    raise WireError(f"malformed message (tag {tag!r})")


def _is_shape(shape):
    return type(shape) is tuple and all(type(n) is int and n >= 0 for n in shape)


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _untag_tensor(dtype, shape, device, data, requires_grad, layout):
    if dtype not in _DTYPES or not _is_shape(shape) or type(device) is not str:
        raise WireError("malformed tensor")
    order = None
    if type(layout) is tuple:
        if sorted(layout) != list(range(len(shape))) or any(type(d) is not int for d in layout):
            raise WireError("malformed tensor layout")
        order = layout
        shape = tuple(shape[d] for d in order)
    torch_dtype = _DTYPES[dtype]
    if device == "meta":
        t = torch.empty(shape, dtype=torch_dtype, device="meta")
    else:
        if type(data) is not bytes:
            raise WireError("tensor without data")
        itemsize = torch.empty((), dtype=torch_dtype).element_size()
        if len(data) != _numel(shape) * itemsize:
            raise WireError("tensor data does not match its shape and dtype")
        if data:
            t = torch.frombuffer(bytearray(data), dtype=torch_dtype).reshape(shape)
        else:
            t = torch.empty(shape, dtype=torch_dtype)
        if device != "cpu":
            t = t.to(device) if _device_available(device) else t
    if order is not None:
        t = t.permute([order.index(d) for d in range(len(order))])
    elif layout is True and device != "meta":
        t = non_contiguous(t)
    if requires_grad and (t.is_floating_point() or t.is_complex()):
        t.requires_grad_(True)
    return t


def non_contiguous(t):
    """The same values in a layout that is not contiguous (every other slot of a buffer)."""
    buffer = torch.zeros((*t.shape, 2), dtype=t.dtype, device=t.device)
    buffer[..., 0] = t
    return buffer[..., 0]


def _device_available(device: str) -> bool:
    try:
        kind = torch.device(device).type
    except RuntimeError:
        return False
    return kind == "cuda" and torch.cuda.is_available()
