"""The vocabulary of grading tests: comparisons that teach, behaviour checks, inputs."""

from grader.checks.behaviour import (
    assert_inputs_unchanged,
    assert_keeps_meta,
    assert_not_using,
    assert_shares_storage,
    expect_raises,
    python_loops,
    source_defaults,
    source_names,
)
from grader.checks.compare import (
    GradingFailure,
    assert_close_number,
    assert_equal,
    assert_sequence,
    assert_tensor,
    fail,
    tensors_match,
)
from grader.checks.data import generator, non_contiguous, randint, randn
from grader.checks.devices import (
    args,
    assert_agree_across_devices,
    assert_same_on_cuda,
    cuda_cases,
    meta_cases,
    random_args,
    requires_cuda,
    to_device,
)

__all__ = [
    "args",
    "assert_agree_across_devices",
    "assert_same_on_cuda",
    "cuda_cases",
    "meta_cases",
    "random_args",
    "requires_cuda",
    "to_device",
    "GradingFailure",
    "assert_close_number",
    "assert_equal",
    "assert_inputs_unchanged",
    "assert_keeps_meta",
    "assert_not_using",
    "assert_sequence",
    "assert_shares_storage",
    "assert_tensor",
    "expect_raises",
    "fail",
    "generator",
    "non_contiguous",
    "python_loops",
    "randint",
    "randn",
    "source_defaults",
    "source_names",
    "tensors_match",
]
