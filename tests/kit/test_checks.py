"""The checks fail when they should, pass when they should, and say why in words that teach."""

import pytest
import torch

from grader import i18n
from grader.checks import (
    GradingFailure,
    assert_close_number,
    assert_equal,
    assert_sequence,
    assert_tensor,
    fail,
    tensors_match,
)
from grader.i18n import MonolingualMessage, Msg


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def failure(fn, *args, **kwargs) -> str:
    with pytest.raises(GradingFailure) as err:
        fn(*args, **kwargs)
    return str(err.value)


def test_equal_tensors_pass_within_dtype_tolerance():
    x = torch.randn(3, 4)
    assert_tensor(x + 1e-7, x)
    assert_tensor(x.double(), x.double())


def test_not_a_tensor():
    assert "should be a torch.Tensor" in failure(assert_tensor, [1.0], torch.ones(1))


def test_shape_mismatch_shows_both_shapes_and_a_permutation_hint():
    x = torch.randn(2, 3, 4, 5)
    message = failure(assert_tensor, x.transpose(1, 3), x.permute(0, 2, 3, 1))
    assert "[2, 5, 4, 3]" in message and "[2, 4, 5, 3]" in message and "permute" in message


def test_named_mistake_is_reported():
    x = torch.randn(2, 3, 4, 5)
    message = failure(
        assert_tensor,
        x.transpose(1, 3),
        x.permute(0, 2, 3, 1),
        mistakes={
            Msg("transpose instead of permute", "把 permute 写成了 transpose"): x.transpose(1, 3)
        },
    )
    assert "This looks like: transpose instead of permute" in message


def test_a_check_refuses_a_message_in_one_language():
    x = torch.randn(2, 3)
    with pytest.raises(MonolingualMessage, match="named mistake 'forgot the mean'"):
        assert_tensor(x, x, mistakes={"forgot the mean": x})  # refused before any comparison
    with pytest.raises(MonolingualMessage, match="what='the logits'"):
        assert_tensor(x, x, what="the logits")
    with pytest.raises(MonolingualMessage, match="holds no Chinese"):
        fail("The loss is wrong.", "The loss is wrong.")
    with pytest.raises(MonolingualMessage):
        fail("The loss is wrong.")
    assert_tensor(x, x, what="model.fc.weight")  # a name from code is the same in both
    with pytest.raises(GradingFailure, match=r"^model.fc.weight 的形状是 \[3, 2\]"):
        i18n.set_language("zh")
        assert_tensor(x.T, x, what="model.fc.weight")
    with pytest.raises(GradingFailure, match="^结果的形状是"):
        assert_tensor(x.T, x)


def test_the_named_mistake_travels_as_a_field():
    x = torch.randn(2, 3, 4, 5)
    name = Msg("transpose instead of permute", "把 permute 写成了 transpose")
    for got in (x.transpose(1, 3), x.transpose(1, 3).reshape(2, 4, 5, 3)):  # shape, then values
        with pytest.raises(GradingFailure) as err:
            assert_tensor(got, x.permute(0, 2, 3, 1), mistakes={name: got})
        assert err.value.mistake == name.en
    with pytest.raises(GradingFailure) as err:
        assert_tensor(x.permute(0, 2, 3, 1) + 1, x.permute(0, 2, 3, 1), mistakes={name: x})
    assert err.value.mistake is None


def test_scrambled_order_is_recognised():
    x = torch.randn(2, 3, 4)
    message = failure(assert_tensor, x.reshape(2, 4, 3), x.permute(0, 2, 1))
    assert "wrong order" in message


def test_constant_factor_is_recognised():
    x = torch.randn(5) + 3
    message = failure(assert_tensor, x * 4, x)
    assert "same factor (4)" in message and "1/N" in message


def test_value_mismatch_names_the_first_bad_index():
    expected = torch.zeros(2, 3)
    got = expected.clone()
    got[1, 2] = 0.5
    message = failure(assert_tensor, got, expected)
    assert (
        "1 of 6 values differ" in message
        and "[1, 2]" in message
        and "expected 0, got 0.5" in message
    )


def test_value_mismatch_is_told_in_chinese_with_its_numbers_unchanged():
    i18n.set_language("zh")
    expected = torch.zeros(2, 3)
    got = expected.clone()
    got[1, 2] = 0.5
    message = failure(assert_tensor, got, expected)
    assert "6 个值中有 1 个不对" in message and "[1, 2]" in message, message
    assert "应为 0，实际为 0.5" in message and "values differ" not in message, message


def test_dtype_and_device_are_named():
    assert "dtype float64, expected float32" in failure(
        assert_tensor, torch.zeros(2, dtype=torch.float64), torch.zeros(2)
    )
    message = failure(assert_tensor, torch.zeros(2), torch.zeros(2, device="meta"))
    assert "device cpu" in message and "device=x.device" in message


def test_meta_results_compare_shape_only():
    assert_tensor(torch.empty(2, 3, device="meta"), torch.empty(2, 3, device="meta"))
    assert tensors_match(torch.empty(2, device="meta"), torch.empty(2, device="meta"))


def test_numbers():
    assert_close_number(0.5, 0.5)
    assert "use .item()" in failure(assert_close_number, torch.tensor(0.5), 0.5)
    assert "should be a Python float" in failure(assert_close_number, True, 1.0)
    assert "should be an int" in failure(assert_close_number, 3.0, 3, kind=int)
    assert "is 0.4, expected 0.5" in failure(assert_close_number, 0.4, 0.5)


def test_plain_values_and_sequences():
    assert_equal((2, 3), [2, 3])
    assert_equal({"a": (1, 2)}, {"a": [1, 2]})
    failure(assert_equal, (2, 3), (3, 2))
    failure(assert_equal, torch.tensor(1), 1)
    assert "should have 2 items" in failure(assert_sequence, (1, 2, 3), 2)
    assert "should be a tuple" in failure(assert_sequence, torch.ones(2), 2)


def test_chinese_messages():
    i18n.set_language("zh")
    assert "形状" in failure(assert_tensor, torch.zeros(2, 3), torch.zeros(3, 2))


def test_inputs_unchanged_looks_inside_lists_and_dicts():
    from grader.checks import assert_inputs_unchanged
    from grader.sandbox.client import Call

    before = [torch.zeros(2), torch.ones(2)]
    assert_inputs_unchanged(
        Call(None, inputs_after=([[torch.zeros(2), torch.ones(2)]], {})), before, names=["grads"]
    )
    changed = Call(None, inputs_after=([[torch.zeros(2), torch.full((2,), 2.0)]], {}))
    assert "grads[1]" in failure(assert_inputs_unchanged, changed, before, names=["grads"])
    changed = Call(None, inputs_after=([{"w": torch.ones(1)}], {}))
    assert "params['w']" in failure(
        assert_inputs_unchanged, changed, {"w": torch.zeros(1)}, names=["params"]
    )


def test_lower_precision_is_recognised():
    x = torch.randn(50, dtype=torch.float64)
    message = failure(assert_tensor, x.float().double() * (1 + 1e-6), x)
    assert "lower precision" in message and "wrong order" not in message


def test_meta_copies_reach_into_containers():
    from grader.checks import to_device

    x = torch.ones(2, requires_grad=True)
    gen = torch.Generator().manual_seed(3)
    moved = to_device([x, {"w": torch.zeros(3)}, (torch.arange(2), "s"), gen], "meta")
    assert moved[3] is gen  # no meta generator: it stays as it was
    assert moved[0].device.type == "meta" and moved[0].requires_grad
    assert moved[1]["w"].device.type == "meta" and moved[2][0].device.type == "meta"
    assert moved[2][1] == "s" and x.device.type == "cpu"
