"""Tracking codes: short, unambiguous when read aloud or typed on a phone, not guessable."""

import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: letters people confuse on paper and on phone keyboards.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"


def new_tracking_code(prefix: str, length: int = 8) -> str:
    """E.g. new_tracking_code("PR") -> "PR-7KQ4-MX9D" (25**8 ≈ 1.5e11 codes per prefix)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(length))
    groups = [body[i : i + 4] for i in range(0, length, 4)]
    return "-".join([prefix, *groups])


def normalise_tracking_code(text: str) -> str:
    """Accepts what people type: lower case, spaces, missing dashes."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) < 3:
        return cleaned
    prefix, body = cleaned[:2], cleaned[2:]
    return "-".join([prefix, *[body[i : i + 4] for i in range(0, len(body), 4)]])
