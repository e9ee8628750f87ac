"""What the forkserver's warm parent loads before it forks sandboxes.

Imports only, no computation (torch's thread pools do not survive a fork). torch is loaded with
torch._dynamo deferred (grader.dynamo_deferred): a sandbox imports it only if its code trains
with torch.optim, unless the warm parent preloaded it for topics that do (process.py). Where
sandboxes run as users of their own that cannot read the standard library, it is imported here
too (see grader.sandbox.users). `gc.freeze()` moves everything loaded so far out of the garbage
collector's sight, so a sandbox's collections do not touch (and copy) those pages, and its
memory is then put in huge pages, so that forking it is cheap (grader.sandbox.huge_pages).
"""

import gc

import torch  # noqa: F401

import grader.sandbox.worker  # noqa: F401
from grader import dynamo_deferred
from grader.sandbox import huge_pages, users

dynamo_deferred.defer()
if users.can_switch_users() and not users.stdlib_readable():
    users.preload_stdlib()  # the sandboxes' own users could not import it later

gc.freeze()
huge_pages.collapse()
