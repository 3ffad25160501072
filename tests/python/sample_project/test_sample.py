"""Tests the pytest plugin profiles (tests/python/test_package.py runs
pytest --pstat-view here, in a copy)."""
import pytest

from sample_lib import slow_fib, top_words


@pytest.mark.parametrize("n, expected", [(15, 610), (18, 2584)])
def test_slow_fib(n, expected):
    assert slow_fib(n) == expected


def test_top_words():
    text = "the cat and the dog and the bird " * 200
    assert top_words(text, 2) == ["the", "and"]
