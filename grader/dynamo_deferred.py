"""Keep torch from importing torch._dynamo (about a second, sympy included) where it needs none.

Much of torch is wrapped by `torch._compile._disable_dynamo`, whose wrapper imports torch._dynamo
the first time the wrapped function runs, only to tell TorchDynamo not to trace into it: a boolean
mask on the meta device does, and so do many of the decompositions behind the kit's meta checks.
Until something imports torch._dynamo for its own sake (torch.compile; torch.optim's step always
does), no frame can be traced at all, so running the wrapped function as it is changes nothing.
`defer()` gives each such wrapper's function a stand-in for the disabled version it would build:
while torch._dynamo is not loaded, the function itself; once it is, what torch would have built.
Torch versions without that wrapper are left as they are (the import then happens as before).
"""

from __future__ import annotations

import gc
import sys
import types

_deferred = False


def defer() -> int:
    """Install the stand-ins in this process (after `import torch`); how many wrappers got one."""
    global _deferred
    if _deferred or "torch._dynamo" in sys.modules:
        return 0
    import torch._compile

    wrapper_code = next(
        (
            const
            for const in torch._compile._disable_dynamo.__code__.co_consts
            if isinstance(const, types.CodeType) and const.co_name == "inner"
        ),
        None,
    )
    if wrapper_code is None or set(wrapper_code.co_freevars) != {"fn", "recursive"}:
        return 0
    count = 0
    for obj in gc.get_objects():
        if type(obj) is types.FunctionType and obj.__code__ is wrapper_code:
            cells = dict(zip(wrapper_code.co_freevars, (c.cell_contents for c in obj.__closure__)))
            fn = cells["fn"]
            if getattr(fn, "__dynamo_disable", None) is None:
                fn.__dynamo_disable = _until_dynamo_loads(fn, cells["recursive"])
                count += 1
    _deferred = True
    return count


def _until_dynamo_loads(fn, recursive):
    disabled = None

    def call(*args, **kwargs):
        nonlocal disabled
        if "torch._dynamo" not in sys.modules:
            return fn(*args, **kwargs)
        if disabled is None:
            import torch._dynamo

            disabled = torch._dynamo.disable(fn, recursive, wrapping=False)
        return disabled(*args, **kwargs)

    return call
