"""What happened to each per-school standard: checked (on which measure) or not checked."""

from __future__ import annotations

from typing import Any

from balance_cli.model.rules import Standard
from balance_cli.record import record


@record
class StandardCheck:
    """One standard of the rules in one assessment.

    ``standard`` is the measure used (the rules' own, or a fallback such as the average
    class when the workbook has no 最大班额 column); ``missing`` the columns that made it
    "not_checked". ``schools_checked`` counts the schools it applied to (those in the
    standards check, with a limit for their level, its ``only_if_positive`` column > 0 and a
    defined value); ``schools_failed`` those of them below it; ``schools_on_fallback`` those
    measured by a later measure because their value on this one was 0 or undefined.
    """

    key: str
    status: str  # "checked" | "not_checked"
    standard: Standard
    missing: tuple[str, ...] = ()
    schools_checked: int = 0
    schools_failed: int = 0
    schools_on_fallback: int = 0  # measured by a later measure (e.g. a blank 最大班额 cell)

    @property
    def checked(self) -> bool:
        return self.status == "checked"

    def to_dict(self) -> dict[str, Any]:
        st = self.standard
        return {
            "key": self.key,
            "status": self.status,
            "basis": st.basis,
            "name": st.name,
            "name_en": st.name_en,
            "numerator": st.numerator,
            "denominator": st.denominator,
            "scale": st.scale,
            "only_if_positive": st.only_if_positive,
            "unit": st.unit,
            "bound": st.bound,
            "limits": dict(st.min or st.max),
            "missing_columns": list(self.missing),
            "schools_checked": self.schools_checked,
            "schools_failed": self.schools_failed,
            "schools_on_fallback": self.schools_on_fallback,
            "source": st.source,
        }
