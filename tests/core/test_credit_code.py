import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.credit_code import ALPHABET, check_character, credit_code_problem, normalise_credit_code

# The example code used in GB 32100-2015 explanations.
KNOWN_VALID = "91350100M000100Y43"


def test_known_code_is_valid() -> None:
    assert credit_code_problem(KNOWN_VALID) is None


def test_wrong_check_character_names_the_right_one() -> None:
    assert "应为“3”" in (credit_code_problem(KNOWN_VALID[:-1] + "4") or "")


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y4", "18 位"),
        ("91350100M000100I43", "不允许的字符“I”"),
        ("9135010AM000100Y43", "格式不符"),
    ],
)
def test_malformed_codes(code: str, reason: str) -> None:
    assert reason in (credit_code_problem(code) or "")


def test_normalisation_accepts_lower_case_full_width_and_spaces() -> None:
    assert normalise_credit_code(" ９１350100m000100y43 ") == KNOWN_VALID


@given(
    st.sampled_from("123456789ANY"),
    st.sampled_from("123459"),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
)
def test_any_code_with_its_check_character_is_valid_and_any_other_is_not(
    registrar: str, kind: str, region: str, body: str
) -> None:
    first17 = registrar + kind + region + body
    check = check_character(first17)
    assert credit_code_problem(first17 + check) is None
    wrong = ALPHABET[(ALPHABET.index(check) + 1) % len(ALPHABET)]
    assert credit_code_problem(first17 + wrong) is not None
