"""The error every settings problem is reported with."""

from __future__ import annotations


class SettingsError(ValueError):
    """Settings rolebot cannot use: each problem is one line and names the setting."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
