"""grader.checks.oracle: the judge's own answers, computed once per worker and keyed by value."""

import numpy as np
import pytest
import torch

from grader.checks import oracle as oracle_module
from grader.checks.oracle import STORE, oracle
from grader.i18n import Msg


@pytest.fixture(autouse=True)
def empty_store():
    STORE.clear()
    yield
    STORE.clear()


CALLS = []


@oracle
def doubled(x, *, scale=2.0):
    CALLS.append(1)
    return {"value": x * scale, "name": Msg("twice", "两倍")}


def scale_by_three(x):
    return x * 3


@oracle
def applied(f, x):
    CALLS.append(1)
    return f(x)


@oracle
def drawn(n):
    CALLS.append(1)
    return torch.rand(n)


def test_a_second_call_with_equal_arguments_is_not_computed_again():
    CALLS.clear()
    first = doubled(torch.tensor([1.0, 2.0]))
    second = doubled(torch.tensor([1.0, 2.0]))  # another tensor, the same values
    assert len(CALLS) == 1 and (STORE.hits, STORE.misses) == (1, 1)
    assert torch.equal(first["value"], second["value"])
    assert second["name"] is first["name"]  # a Msg is frozen: not copied


@pytest.mark.parametrize(
    "other",
    [
        (torch.tensor([1.0, 3.0]),),  # other values
        (torch.tensor([1.0, 2.0], dtype=torch.float64),),  # other dtype
        (torch.tensor([[1.0, 2.0]]),),  # other shape
        (torch.tensor([1.0, 2.0], requires_grad=True),),
        (np.array([1.0, 2.0]),),  # an array, not a tensor
    ],
)
def test_arguments_are_told_apart_by_value_dtype_shape_and_type(other):
    CALLS.clear()
    doubled(torch.tensor([1.0, 2.0]))
    doubled(*other)
    assert len(CALLS) == 2


def test_numbers_are_keyed_exactly():
    CALLS.clear()
    doubled(torch.tensor([1.0]), scale=0.0)
    doubled(torch.tensor([1.0]), scale=-0.0)  # == 0.0, and the same hash
    doubled(torch.tensor([1.0]), scale=0)  # int, not float
    assert len(CALLS) == 3


def test_a_tensor_changed_in_place_is_a_new_key():
    """The attack on a key by identity: the same tensor object, other values."""
    CALLS.clear()
    x = torch.tensor([1.0, 2.0])
    assert torch.equal(doubled(x)["value"], torch.tensor([2.0, 4.0]))
    x.add_(1)
    assert torch.equal(doubled(x)["value"], torch.tensor([4.0, 6.0]))


def test_a_caller_that_changes_its_value_in_place_changes_no_other_callers():
    for _ in range(2):  # the computed value, then a kept one
        mine = doubled(torch.tensor([1.0, 2.0]))
        mine["value"].zero_()
        mine["value"] = None
    assert torch.equal(doubled(torch.tensor([1.0, 2.0]))["value"], torch.tensor([2.0, 4.0]))


def test_functions_are_keyed_by_name_and_nameless_ones_are_not_kept():
    CALLS.clear()
    applied(scale_by_three, 2)
    applied(scale_by_three, 2)
    assert len(CALLS) == 1
    factor = 3
    assert applied(lambda x: x * factor, 2) == 6
    factor = 4
    assert applied(lambda x: x * factor, 2) == 8  # a closure: computed each time
    assert len(CALLS) == 3 and STORE.unkeyed == 2


def test_objects_outside_the_allow_list_are_computed_each_time():
    CALLS.clear()
    module = torch.nn.Linear(2, 2)
    applied(module.forward, torch.ones(2))  # a bound method: its weights are not in its name
    applied(module.forward, torch.ones(2))
    assert len(CALLS) == 2 and STORE.unkeyed == 2


def test_the_global_generator_neither_decides_nor_is_changed():
    torch.manual_seed(1)
    first = drawn(3)
    state = torch.get_rng_state()
    STORE.clear()
    torch.manual_seed(2)
    assert torch.equal(drawn(3), first)  # a fresh computation, from another caller's state
    assert torch.equal(drawn(3), first)  # kept
    torch.manual_seed(1)
    drawn(3)
    assert torch.equal(torch.get_rng_state(), state)


def test_the_store_is_bounded(monkeypatch):
    monkeypatch.setattr(oracle_module, "MAX_ENTRIES", 3)
    for i in range(5):
        doubled(torch.tensor([float(i)]))
    assert len(STORE.entries) == 3


def test_the_store_is_bounded_in_bytes(monkeypatch):
    """A class whose answers all differ (a fit from each student's own weights) fills the store
    up to MAX_BYTES of tensors, and no further."""
    monkeypatch.setattr(oracle_module, "MAX_BYTES", 3 * 4000 * 4)
    for i in range(6):
        doubled(torch.full((4000,), float(i)))
    assert len(STORE.entries) == 3 and STORE.bytes == 3 * 4000 * 4
    doubled(torch.full((4000,), 5.0))
    assert STORE.hits == 1  # the newest are the ones kept


def test_a_key_holds_a_digest_not_the_tensor():
    doubled(torch.zeros(250_000))
    (key,) = STORE.entries
    assert len(repr(key)) < 1000


@pytest.mark.parametrize(
    "x",
    [
        torch.tensor(3.0),
        torch.arange(6.0).reshape(2, 3).t(),  # not contiguous
        torch.tensor([1 + 2j]).conj(),
        torch.tensor([True, False]),
        torch.zeros(0, 3),
    ],
    ids=["0-d", "transposed", "conjugate", "bool", "empty"],
)
def test_tensors_of_every_kind_are_kept(x):
    CALLS.clear()
    first = applied(scale_by_three, x)
    again = applied(scale_by_three, x.clone())
    assert len(CALLS) == 1 and torch.equal(first, again)


def test_a_deeply_nested_argument_is_computed_not_kept():
    nested = [1.0]
    for _ in range(10_000):
        nested = [nested]
    assert len(applied(scale_by_three, nested)) == 3  # no RecursionError
    assert STORE.unkeyed == 1 and len(STORE.entries) == 0
