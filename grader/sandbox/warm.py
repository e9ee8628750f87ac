"""What the forkserver's warm parent loads before it forks sandboxes.

Imports only, no computation (torch's thread pools do not survive a fork). `torch._dynamo` is
what torch imports (~1 s, sympy included) the first time an op fails on meta tensors; loading it
here saves each sandbox that second. `gc.freeze()` moves everything loaded so far out of the
garbage collector's sight, so a sandbox's collections do not touch (and copy) those pages.
"""

import gc

import torch._dynamo  # noqa: F401

import grader.sandbox.worker  # noqa: F401

gc.freeze()
