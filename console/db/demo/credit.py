"""Valid unified social credit codes (统一社会信用代码, GB 32100-2015) for demo dealers.

Layout: registration authority (9 = market regulation), entity category (1 = enterprise), the
6-digit administrative division code of the city, the 9-character organisation code (8 digits
and its GB 11714 check character), and the GB 32100 check character over the first 17.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code(body: str) -> str:
    """Eight digits plus their GB 11714-1997 check character."""
    remainder = 11 - sum(int(d) * w for d, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(remainder, str(remainder))


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code(adcode: str, body: str) -> str:
    """The credit code of an enterprise registered in `adcode` with organisation number `body`."""
    first17 = "91" + adcode + organisation_code(body)
    return first17 + check_character(first17)
