"""tests/kit/mutants/variants.py: a variant is the dedented body of its decorated function."""

import uuid

import pytest

from tests.kit.mutants import variants
from tests.kit.mutants.variants import alternative, mistake


@mistake("Doubler", "a class, a decorator and a string over lines")
def _():
    # the comment right below the def is the body's too
    import functools

    @functools.lru_cache
    def helper(n):
        return n

    class Doubler:
        """Doubles.

        Over two lines."""

        @staticmethod
        def twice(x):
            text = """one
            two"""
            return 2 * x, text, helper(1)


BODY = '''# the comment right below the def is the body's too
import functools

@functools.lru_cache
def helper(n):
    return n

class Doubler:
    """Doubles.

    Over two lines."""

    @staticmethod
    def twice(x):
        text = """one
        two"""
        return 2 * x, text, helper(1)
'''


@alternative("Doubler", "a string whose second line is not indented")
def _():
    def twice(x):
        text = """one
two"""
        return 2 * x, text


@alternative("Doubler", "a third, defined last")
def _():
    pass


def test_the_body_comes_back_dedented_and_in_order():
    recorded = variants.recorded(__name__)
    assert recorded.mistakes == {"Doubler": {"a class, a decorator and a string over lines": BODY}}
    assert recorded.alternatives == {
        "Doubler": {
            "a string whose second line is not indented": (
                'def twice(x):\n    text = """one\ntwo"""\n    return 2 * x, text\n'
            ),
            "a third, defined last": "pass\n",
        }
    }
    compile(BODY, "body", "exec")  # the body is a module of its own


def test_a_nested_definition():
    def body():
        class A:
            @staticmethod
            def f():
                return 1

    assert variants.body_source(body) == (
        "class A:\n    @staticmethod\n    def f():\n        return 1\n"
    )


def test_a_label_listed_twice_raises():
    def body():
        return 1

    body.__module__ = f"{__name__}.{uuid.uuid4().hex}"  # a registry of its own
    assert mistake("f", "same")(body) is body  # returned unchanged
    alternative("f", "same")(body)  # another kind
    mistake("g", "same")(body)  # another function
    with pytest.raises(ValueError, match="listed twice"):
        mistake("f", "same")(body)
    assert list(variants.recorded(body.__module__).mistakes) == ["f", "g"]


def test_load_and_topics():
    with pytest.raises(ModuleNotFoundError):
        variants.load("no_such_topic")
    assert "variants" not in variants.topics() and "indexing" in variants.topics()
    indexing = variants.load("indexing")
    assert indexing.mistakes["first_image"]["keeps the batch dim"] == (
        "def first_image(x):\n    return x[:1]\n"
    )
