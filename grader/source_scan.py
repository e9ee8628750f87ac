"""What a submission's source reaches, read in the judge before any of it runs.

Inside its sandbox a submission could rewrite what the kit records there (the torch calls a
by-hand function made, what a probe network saw) if it reaches into the kit's own modules or the
interpreter's machinery. No exercise needs to, so that reach is decided from the source, which
the judge reads itself:

- **tampering** (the topic scores 0, and the instructor is told): importing the kit (`grader`)
  or the machinery that reaches everything (`importlib`, `gc`, `ctypes`, `builtins`, threads,
  `torch._C`, `torch.overrides`); `sys.modules`, `sys._getframe` and the like; frames and the
  dunder walks (`__subclasses__`, `__globals__`, `__wrapped__`, `__torch_function__`, ...), also
  named in a string; `eval`, `exec`, `compile`, `__import__`, whose code the judge cannot read.
- **review** (flagged for the instructor, never a point lost, since it may be innocent): a
  computed attribute name (`getattr(nn, name)`), `globals()`/`vars()`, a private attribute of
  torch, `inspect`, unpickling.

Every `.py` file of the submission is read; a finding in a helper module counts for every topic
that imports it, directly or through another helper. A file that does not parse is left to the
import, which reports the syntax error. The course's own code, the reference solutions and the
correct alternatives in tests/kit/mutants/ are checked to raise nothing (tests/kit/adversarial).
"""

from __future__ import annotations

import ast
from dataclasses import asdict, dataclass
from pathlib import Path

TAMPERING, REVIEW = "tampering", "review"

# The one part of the kit a submission may use, as the docstrings and the README show it: the
# data loaders (`from grader.data import mnist_loaders`). Anything else of `grader` is tampering.
KIT_API = {
    "grader.data": frozenset(
        {"load_regression_points", "load_mnist", "read_idx", "mnist_tensors", "mnist_loaders"}
    )
}

# module (or its package) -> why importing it is tampering
TAMPERING_MODULES = {
    "grader": ("the kit's own package", "评分程序自身的包"),
    "importlib": ("the import machinery", "导入机制"),
    "gc": ("the garbage collector, which reaches every object", "能访问所有对象的垃圾回收器"),
    "ctypes": ("raw memory access", "直接读写内存"),
    "builtins": ("the interpreter's built-ins", "解释器内置对象"),
    "threading": ("threads, which run on after a call returns", "线程（调用返回后仍会运行）"),
    "_thread": ("threads, which run on after a call returns", "线程（调用返回后仍会运行）"),
    "marshal": ("code objects from bytes", "从字节构造代码对象"),
    "torch._C": (
        "torch's internals (the recorder of torch calls)",
        "torch 的内部实现（记录 torch 调用的机制）",
    ),
    "torch.overrides": (
        "torch's function-mode machinery (the recorder)",
        "torch 的函数模式机制（记录器）",
    ),
    "torch.utils._python_dispatch": (
        "torch's dispatch modes (the recorder)",
        "torch 的分派模式（记录器）",
    ),
}
REVIEW_MODULES = {
    "inspect": ("introspection of live objects", "对运行中对象的内省"),
    "pickle": ("unpickling, which can run any code", "反序列化（可执行任意代码）"),
    "dill": ("unpickling, which can run any code", "反序列化（可执行任意代码）"),
    "types": ("building functions and modules by hand", "手工构造函数与模块"),
}
# attribute names whose only use is reaching around the kit (also looked for in strings)
TAMPERING_ATTRIBUTES = frozenset(
    {
        "__subclasses__", "__globals__", "__builtins__", "__code__", "__closure__",
        "__bases__", "__base__", "__mro__", "__import__", "__loader__", "__spec__",
        "__wrapped__", "__torch_function__", "__torch_dispatch__",
        "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "gi_frame", "cr_frame",
        "tb_frame", "tb_next", "co_consts", "_getframe", "_current_frames",
        "DisableTorchFunction", "DisableTorchFunctionSubclass", "_disabled_torch_function_impl",
    }
)  # fmt: skip
TAMPERING_SYS = frozenset(
    {"modules", "meta_path", "path_hooks", "path_importer_cache", "settrace", "setprofile",
     "addaudithook", "_getframe", "_current_frames", "_clear_type_cache"}
)  # fmt: skip
TAMPERING_TORCH = frozenset({"_C", "overrides"})  # torch.<name>
TAMPERING_BUILTINS = frozenset({"eval", "exec", "compile", "__import__", "breakpoint"})
REVIEW_BUILTINS = frozenset({"globals", "locals", "vars"})
ATTRIBUTE_BUILTINS = frozenset({"getattr", "setattr", "delattr", "hasattr"})
REVIEW_ATTRIBUTES = frozenset({"__dict__", "__self__", "__func__", "__getattribute__"})


@dataclass(frozen=True)
class Finding:
    file: str  # relative to the submission folder
    line: int
    code: str  # what was found, as written (e.g. "import grader", "sys.modules")
    severity: str  # TAMPERING or REVIEW
    reason: str
    reason_zh: str

    def to_dict(self) -> dict:
        return asdict(self)


def scan_file(source: str, filename: str = "<submission>") -> list[Finding]:
    """The findings in one module's source; [] when it does not parse."""
    try:
        tree = ast.parse(source, filename=filename)
    except (SyntaxError, ValueError):
        return []
    return _Scanner(filename).run(tree)


def local_imports(source: str) -> set[str]:
    """Top-level names of the modules a source imports (candidates for helpers beside it)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level:
            names.update(a.name for a in node.names)
            if node.module:
                names.add(node.module.split(".")[0])
    return names


def scan_submission(folder: Path, topics=None) -> dict[str, list[Finding]]:
    """topic -> the findings in its module and in every helper module of the folder it reaches
    (`topics`: those to report; default every top-level module of the folder)."""
    modules = _modules(Path(folder))
    topics = list(modules) if topics is None else topics
    findings = {name: scan_file(text, rel) for name, (rel, text) in modules.items()}
    reached = {name: local_imports(text) & set(modules) for name, (_, text) in modules.items()}
    result = {}
    for topic in topics:
        if topic not in modules:
            continue
        seen, todo = set(), [topic]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(reached[name])
        result[topic] = [f for name in sorted(seen) for f in findings[name]]
    return result


def _modules(folder: Path) -> dict[str, tuple[str, str]]:
    """importable name (top-level module or package) -> (path, source) of each .py file; a
    package's files all count under the package's name."""
    modules: dict[str, tuple[str, str]] = {}
    for path in sorted(folder.rglob("*.py")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        name = rel.parts[0].removesuffix(".py")
        if name in modules:  # another file of the same package
            old_rel, old_text = modules[name]
            modules[name] = (old_rel, old_text + "\n" + text)
        else:
            modules[name] = (str(rel), text)
    return modules


class _Scanner(ast.NodeVisitor):
    def __init__(self, filename: str):
        self.filename = filename
        self.found: list[Finding] = []
        self.aliases: dict[str, str] = {}  # local name -> module it is bound to
        self.own_names: set[str] = set()  # names the module defines (def, class, parameters)

    def run(self, tree) -> list[Finding]:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.own_names.add(node.name)
            elif isinstance(node, ast.arg):
                self.own_names.add(node.arg)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    self.aliases[a.asname or a.name.split(".")[0]] = (
                        a.name if a.asname else a.name.split(".")[0]
                    )
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        self.visit(tree)
        unique = {(f.line, f.code, f.severity): f for f in self.found}
        return sorted(unique.values(), key=lambda f: (f.line, f.code))

    def _add(self, node, code, severity, reason, reason_zh):
        line = getattr(node, "lineno", 0)
        self.found.append(Finding(self.filename, line, code, severity, reason, reason_zh))

    def _module(self, name: str, node, code: str):
        if name in KIT_API or any(name == f"{m}.{a}" for m, api in KIT_API.items() for a in api):
            return
        for table, severity in ((TAMPERING_MODULES, TAMPERING), (REVIEW_MODULES, REVIEW)):
            for module, (why, why_zh) in table.items():
                if name == module or name.startswith(module + "."):
                    self._add(node, code, severity, f"it imports {why}", f"导入了{why_zh}")
                    return

    # -- imports --------------------------------------------------------------------------
    def visit_Import(self, node):
        for a in node.names:
            self._module(a.name, node, f"import {a.name}")

    def visit_ImportFrom(self, node):
        if node.module and not node.level:
            for a in node.names:
                self._module(f"{node.module}.{a.name}", node, f"from {node.module} import {a.name}")
                self._attribute_name(
                    node.module, a.name, node, f"from {node.module} import {a.name}"
                )

    # -- attributes -----------------------------------------------------------------------
    def visit_Attribute(self, node):
        owner = self._owner_module(node.value)
        self._attribute_name(owner, node.attr, node, _code(node))
        self.generic_visit(node)

    def _owner_module(self, node) -> str | None:
        """The module an expression names (`torch.nn` -> "torch.nn"), when it is an import."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = self._owner_module(node.value)
            return f"{owner}.{node.attr}" if owner else None
        return None

    def _attribute_name(self, owner: str | None, name: str, node, code: str):
        why = (
            "the interpreter's machinery (frames, classes, globals)",
            "解释器的内部机制（栈帧、类、全局变量）",
        )
        if owner and owner.split(".")[0] == "grader":
            self._module(f"{owner}.{name}", node, code)
        if name in TAMPERING_ATTRIBUTES:
            self._add(node, code, TAMPERING, f"it reaches {why[0]}", f"访问了{why[1]}")
        elif owner == "sys" and name in TAMPERING_SYS:
            self._add(node, code, TAMPERING, f"it reaches {why[0]}", f"访问了{why[1]}")
        elif owner == "torch" and name in TAMPERING_TORCH:
            self._module(f"torch.{name}", node, code)
        elif owner and owner.split(".")[0] == "torch" and name.startswith("_"):
            # torch._foreach_* are documented; dunders such as __version__ are plain
            if not name.startswith("_foreach_") and not (
                name.startswith("__") and name.endswith("__")
            ):
                self._add(
                    node, code, REVIEW, "it uses a private part of torch", "使用了 torch 的私有接口"
                )
        elif name in REVIEW_ATTRIBUTES:
            self._add(
                node, code, REVIEW, "it reaches an object's internals", "访问了对象的内部属性"
            )

    # -- names and calls ------------------------------------------------------------------
    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load) and node.id not in self.own_names:
            if node.id in TAMPERING_BUILTINS or node.id == "__builtins__":
                self._add(
                    node,
                    node.id,
                    TAMPERING,
                    "it runs or imports code the judge cannot read",
                    "执行或导入了评分程序无法读取的代码",
                )
            elif node.id in REVIEW_BUILTINS:
                self._add(
                    node,
                    f"{node.id}()",
                    REVIEW,
                    "it reaches a namespace as a dict",
                    "以字典形式访问命名空间",
                )

    def visit_Call(self, node):
        func = node.func
        if (
            isinstance(func, ast.Name)
            and func.id in ATTRIBUTE_BUILTINS
            and func.id not in self.own_names
            and len(node.args) >= 2
        ):
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str):
                owner = self._owner_module(node.args[0])
                self._attribute_name(owner, name.value, node, _code(node))
            elif (self._owner_module(node.args[0]) or "").split(".")[0] in ("grader", "sys"):
                self._add(
                    node,
                    _code(node),
                    TAMPERING,
                    "it reaches into the kit or the interpreter by a computed name",
                    "通过计算出的名字访问评分程序或解释器的内部",
                )
            else:
                self._add(
                    node,
                    _code(node),
                    REVIEW,
                    "it reaches an attribute by a computed name",
                    "通过计算出的名字访问属性",
                )
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and node.value in TAMPERING_ATTRIBUTES:
            self._add(
                node,
                repr(node.value),
                TAMPERING,
                "it names the interpreter's machinery in a string",
                "在字符串中写出了解释器内部机制的名字",
            )

    def visit_FunctionDef(self, node):
        if node.name in ("__torch_function__", "__torch_dispatch__"):
            self._add(
                node,
                f"def {node.name}",
                TAMPERING,
                "it overrides how torch dispatches calls (the recorder)",
                "改写了 torch 分派调用的方式（记录器）",
            )
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef


def _code(node) -> str:
    try:
        text = ast.unparse(node)
    except Exception:  # noqa: BLE001 - an odd node is still reported, without its text
        return type(node).__name__
    return text if len(text) <= 80 else text[:77] + "..."
