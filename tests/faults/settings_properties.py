"""F1's settings properties: recount rules as typed, and the window's remembered settings as read back."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import strategies as st

from app.domain.profile import RELATIVE_BASES, RelativeRule
from app.domain.setup_values import SetupError, recount_rules
from app.services.errors import BadInput
from tests.faults.parser_inputs import (
    PLAIN_COUNT,
    Runs,
    batched,
    figure_texts,
    has_non_ascii_digit,
    percent_texts,
)


def recount_rules_property(runs: Runs, cases: int) -> Callable[[], None]:
    """The setup form's recount rules: an absolute margin in votes and a relative one in per cent."""

    def check(absolute: str, percent: str, base: str) -> None:
        try:
            rules = recount_rules(
                bundle=True, absolute=absolute, relative_percent=percent, relative_base=base,
                rejected=True, variance=True,
            )
        except SetupError as error:
            assert str(error)
            assert not (_good_absolute(absolute) and _good_percent(percent, base)), f"refused: {error}"
            return
        assert _good_absolute(absolute) and _good_percent(percent, base), f"{absolute!r} {percent!r} accepted"
        assert not has_non_ascii_digit(absolute + percent)
        assert rules.absolute == (int(absolute.strip(" ")) if absolute.strip(" ") else None)
        expected = Fraction(Decimal(percent.strip())) / 100 if percent.strip() else None
        assert rules.relative == (None if expected is None else RelativeRule(expected, base))

    bases = st.sampled_from([*RELATIVE_BASES, "turnout"])
    return batched(check, runs, cases, absolute=figure_texts, percent=percent_texts, base=bases)


def _good_absolute(text: str) -> bool:
    return not text.strip(" ") or bool(PLAIN_COUNT.fullmatch(text.strip(" ")))


def _good_percent(text: str, base: str) -> bool:

    plain = text.strip()
    if not plain:
        return True
    return bool(re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,6})?", plain)) and 0 < Decimal(plain) <= 100 and (
        base in RELATIVE_BASES
    )


def relative_rule_property(
    parse: Callable[[str, str], RelativeRule | None], runs: Runs, cases: int
) -> Callable[[], None]:
    """The suspend dialog's relative margin (services.recounts.relative_rule)."""

    def check(text: str) -> None:
        try:
            rule = parse(text, RELATIVE_BASES[0])
        except BadInput as error:
            assert str(error) and text.strip()
            return
        assert not has_non_ascii_digit(text), f"{text!r} accepted as {rule}"
        typed = text.strip()
        assert rule == (RelativeRule(Fraction(Decimal(typed)) / 100, RELATIVE_BASES[0]) if typed else None)
        assert rule is None or 0 < rule.fraction <= 1, f"{text!r}: as the setup form, over 0 and at most 100%"

    return batched(check, runs, cases, text=percent_texts)


# What QSettings can hand back for a key: text, a list of texts, bytes, numbers, nothing, nested lists.
_SCALARS: list[Callable[[bytes], object]] = [
    lambda b: None, lambda b: True, lambda b: False, lambda b: int.from_bytes(b, "big", signed=True),
    lambda b: b.decode("utf-8", "replace"), lambda b: b, lambda b: float(len(b)) / 3,
    lambda b: ["true", "TRUE", "false", "1", "١", "yes", " true", ""][len(b) % 8],
]


def _setting(seed: bytes) -> object:
    """Bytes to a setting's value: a scalar, or a list or tuple of scalars and lists (one level)."""
    if not seed:
        return None
    kind, parts = seed[0] % 4, [seed[i:i + 3] for i in range(1, len(seed), 3)]
    values = [_SCALARS[p[0] % len(_SCALARS)](p[1:]) if p else None for p in parts]
    if kind == 0:
        return values[0] if values else ""
    if kind == 3 and len(values) > 1:
        values[0] = values[1:]
    return tuple(values) if kind == 2 else values


setting_values = st.binary(max_size=24).map(_setting)


def remembered_property(
    flag: Callable[[object], bool], names: Callable[[object], list[str]], runs: Runs, cases: int
) -> Callable[[], None]:
    def check(value: object) -> None:
        assert flag(value) is (value is True or (isinstance(value, str) and value.lower() == "true"))
        read = names(value)
        assert all(isinstance(n, str) and n for n in read)
        listed = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        assert read == [n for n in listed if isinstance(n, str) and n]

    return batched(check, runs, cases, value=setting_values)


def settings_file_property(folder: Path, runs: Runs, cases: int) -> Callable[[], None]:
    """The settings file itself, as a user or a crash may leave it, read by the window's WindowSettings."""
    from PySide6.QtCore import QSettings

    from app.ui.window_settings import WindowSettings

    real = folder / "real.countdesk"
    real.write_bytes(b"")
    recents = [str(real), "", "missing.countdesk", "١٢", "a\\0b", "@Invalid()"]
    recents.append("@Variant(\\0\\0\\0\\x2\\0\\0\\0\\x5)")  # Qt's encoding of the number 5
    offs = ["false", "FALSE", "0", "no", "١", "", "@Variant(\\0\\0\\0\\x1\\0)", "tru", "@ByteArray(true)"]

    def check(recent: list[str], on: bool, off: str, junk: bytes) -> None:
        # A new file each time: Qt caches a settings file and may miss a rewrite in the same second.
        path = folder / f"CountDesk-{runs.count}.ini"
        listed = ", ".join(r.replace("\n", " ") for r in recent)
        text = f"[files]\nrecent={listed}\n[view]\nhigh-contrast={'true' if on else off}\n"
        path.write_bytes(text.encode("utf-8", "surrogatepass") + junk)
        settings = WindowSettings(QSettings(str(path), QSettings.Format.IniFormat))
        assert settings.high_contrast() is on
        assert set(settings.recent_files()) <= {real}

    recent = st.lists(st.sampled_from(recents) | figure_texts, max_size=4)
    junk = st.binary(max_size=40)
    return batched(check, runs, cases, recent=recent, on=st.booleans(), off=st.sampled_from(offs), junk=junk)
