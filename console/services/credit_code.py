"""The unified social credit code (统一社会信用代码, GB 32100-2015) of a dealer's legal entity.

18 characters from a 31-character alphabet (digits and capital letters without I, O, Z, S, V);
the 18th is a check character over the first 17, so a single mistyped character or most swaps
of two neighbours are caught before a dealer is saved or imported.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUE = {char: value for value, char in enumerate(ALPHABET)}
_LOOKALIKES = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U"}


def normalize(code: str) -> str:
    """Codes are printed in capitals; users paste them with spaces and in lower case."""
    return "".join(code.split()).upper()


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (raises ValueError if they are not valid)."""
    if len(first17) != LENGTH - 1:
        raise ValueError(f"need {LENGTH - 1} characters, got {len(first17)}")
    try:
        total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"{exc.args[0]!r} is not a credit-code character") from None
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why `code` (already normalized) is not a valid credit code, or None if it is."""
    if len(code) != LENGTH:
        return f"has {len(code)} characters; a unified social credit code has {LENGTH}"
    for position, char in enumerate(code, start=1):
        if char not in _VALUE:
            hint = f" (did you mean {_LOOKALIKES[char]}?)" if char in _LOOKALIKES else ""
            return (
                f"character {position} '{char}' is not used in credit codes{hint}; only "
                "digits and capital letters except I, O, Z, S, V are"
            )
    if check_character(code[:-1]) != code[-1]:
        return (
            "the check character (the 18th) does not match the first 17 characters; "
            "one of them is mistyped"
        )
    return None


def is_valid(code: str) -> bool:
    return problem(normalize(code)) is None
