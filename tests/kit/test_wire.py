"""The wire carries plain data only, both ways, and keeps what the checks need to see."""

import io
import os
import pickle

import numpy as np
import pytest
import torch

from grader.sandbox import wire


def roundtrip(x):
    return wire.decode(wire.encode(x))


def test_plain_values_roundtrip():
    value = {"a": [1, 2.5, None, True, "s", b"b", 1 + 2j], ("k", 1): (torch.Size([2, 3]),)}
    assert roundtrip(value) == {"a": [1, 2.5, None, True, "s", b"b", 1 + 2j], ("k", 1): ((2, 3),)}


@pytest.mark.parametrize(
    "dtype",
    [torch.float32, torch.float64, torch.int64, torch.bool, torch.bfloat16, torch.complex64],
)
def test_tensors_roundtrip_exactly(dtype):
    x = (torch.randn(3, 4) * 10).to(dtype)
    y = roundtrip(x)
    assert type(y) is torch.Tensor and y.dtype == dtype and torch.equal(x, y)


@pytest.mark.parametrize(
    "make",
    [
        lambda: torch.randn(2, 3, 5, 4).transpose(2, 3),
        lambda: torch.randn(3, 4, 5).permute(2, 0, 1),
        lambda: torch.randn(6, 6)[::2],
        lambda: torch.randn(2, 3).expand(4, 2, 3),
    ],
)
def test_non_contiguous_tensors_stay_non_contiguous(make):
    x = make()
    y = roundtrip(x)
    assert torch.equal(x, y) and not y.is_contiguous()


@pytest.mark.parametrize(
    "make", [lambda: torch.randn(1, 5)[:, 3], lambda: torch.randn(1, 1).diagonal()]
)
def test_one_element_views_with_odd_strides(make):
    x = make()
    assert torch.equal(roundtrip(x), x)


def test_transposed_layout_is_rebuilt_with_its_strides():
    x = torch.randn(2, 3, 5, 4).transpose(2, 3)
    assert roundtrip(x).stride() == x.stride()


def test_meta_tensors_and_requires_grad():
    y = roundtrip(torch.empty(2, 3, device="meta"))
    assert y.device.type == "meta" and y.shape == (2, 3)
    assert roundtrip(torch.ones(2, requires_grad=True)).requires_grad


def test_a_leafs_grad_travels_with_it():
    x = torch.ones(3, requires_grad=True)
    x.grad = torch.full((3,), 2.0)
    y = roundtrip(x)
    assert y.requires_grad and torch.equal(y.grad, x.grad)
    assert roundtrip(torch.ones(2)).grad is None
    forged = wire.tag(x)[:7] + (wire.tag(torch.zeros(5)),)
    with pytest.raises(wire.WireError, match="grad"):
        wire.decode(wire.dumps(forged))


def test_numpy_generator_dtype_device():
    arr = np.arange(6, dtype=np.float64).reshape(2, 3)
    assert np.array_equal(roundtrip(arr), arr) and roundtrip(arr).dtype == np.float64
    assert roundtrip(np.float32(1.5)) == 1.5
    g = torch.Generator().manual_seed(3)
    h = roundtrip(g)
    assert torch.equal(torch.rand(4, generator=g), torch.rand(4, generator=h))
    assert roundtrip(torch.float16) is torch.float16
    assert roundtrip(torch.device("cpu")) == torch.device("cpu")


def test_container_subclasses_arrive_as_plain_containers():
    from collections import OrderedDict, namedtuple

    values, indices = roundtrip(torch.kthvalue(torch.tensor([3.0, 1.0, 2.0]), 2))
    assert values.item() == 2.0 and indices.item() == 2
    point = roundtrip(namedtuple("Point", "x y")(1, 2))
    assert type(point) is tuple and point == (1, 2)
    assert type(roundtrip(OrderedDict(a=1))) is dict


def test_module_level_functions_travel_by_name():
    from grader.topics import course_order

    assert roundtrip(course_order) is course_order


@pytest.mark.parametrize(
    "value",
    [
        torch.zeros(2).as_subclass(type("Sub", (torch.Tensor,), {})),
        type("Rigged", (), {"__eq__": lambda s, o: True})(),
        type("RiggedFloat", (float,), {"__eq__": lambda s, o: True})(1.0),
        lambda x: x,
        object(),
    ],
)
def test_anything_else_is_refused_with_its_name(value):
    with pytest.raises(wire.Unencodable, match="the value"):
        wire.encode(value)


def test_decoder_refuses_every_class():
    for payload in (
        pickle.dumps(os.system),
        pickle.dumps(io.BytesIO()),
        pickle.dumps(torch.zeros(2)),
    ):
        with pytest.raises(wire.WireError):
            wire.decode(payload)


def test_decoder_refuses_forged_trees():
    forged = [
        ("T", "float32", (2,), "cpu", b"\x00" * 4, False, False, None),  # data too short
        ("T", "object", (1,), "cpu", b"", False, False, None),
        ("F", "os", "system"),
        ("Q", 1),
        ["not", "a", "tuple"],
        ("d", [(("v", []), ("v", 1))]),
    ]
    for tree in forged:
        with pytest.raises(wire.WireError):
            wire.decode(wire.dumps(tree))
    with pytest.raises(wire.WireError):
        wire.decode(b"garbage")
