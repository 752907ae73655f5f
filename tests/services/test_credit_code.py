"""Unified social credit codes (GB 32100-2015): known codes, generated codes, corruptions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.services.credit_code import (
    ALPHABET,
    check_character,
    is_valid,
    normalize,
    problem,
)

KNOWN_VALID = ["91350100M000100Y43", "91110000600037341L", "911100007109310534"]
BODY = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_are_valid(code):
    assert is_valid(code)
    assert check_character(code[:17]) == code[17]


def test_check_character_follows_the_standard_by_hand():
    # 9*1 + 1*3 + 3*9 + 5*27 + 0*19 + 1*26 + 0*16 + 0*17 + M(21)*20 + 0*29 + 0*25 + 0*13
    # + 1*8 + 0*24 + 0*10 + Y(30)*30 + 4*28 = 1640; 1640 mod 31 = 28; 31 - 28 = 3
    assert check_character("91350100M000100Y4") == "3"
    # a weighted sum divisible by 31 gives 31 - 0 = 31, which is written as 0
    assert check_character("0" * 17) == "0"


@given(BODY)
def test_generated_codes_are_valid(body):
    code = body + check_character(body)
    assert is_valid(code)
    assert problem(code) is None


@given(BODY, st.integers(0, 16), st.sampled_from(ALPHABET))
def test_any_single_mistyped_character_is_caught(body, position, replacement):
    code = body + check_character(body)
    if code[position] == replacement:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    corrupted = code[:position] + replacement + code[position + 1 :]
    assert not is_valid(corrupted)


@given(BODY, st.integers(0, 15))
def test_swapping_neighbours_is_caught(body, position):
    code = body + check_character(body)
    first, second = code[position], code[position + 1]
    if first == second:
        return
    swapped = code[:position] + second + first + code[position + 2 :]
    assert not is_valid(swapped)


def test_wrong_check_character_is_explained():
    assert "check character" in problem("91350100M000100Y44")


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "has 0 characters"),
        ("91350100M000100Y4", "has 17 characters"),
        ("91350100M000100Y433", "has 19 characters"),
        ("91350100I000100Y43", "character 9 'I' is not used in credit codes (did you mean 1?)"),
        ("91350100M000100O43", "character 16 'O' is not used in credit codes (did you mean 0?)"),
        ("9135010#M000100Y43", "character 8 '#'"),
    ],
)
def test_malformed_codes_are_explained(code, fragment):
    assert fragment in problem(code)
    assert not is_valid(code)


def test_spaces_and_lower_case_are_normalized():
    assert normalize(" 9135 0100m000100y43\t") == "91350100M000100Y43"
    assert is_valid(" 91350100m000100y43 ")


def test_check_character_rejects_bad_input():
    with pytest.raises(ValueError):
        check_character("123")
    with pytest.raises(ValueError):
        check_character("I" * 17)
