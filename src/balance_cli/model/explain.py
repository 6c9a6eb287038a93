"""The result of ``assess --explain``: an assessment and each school's share of each
indicator's weighted variance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from balance_cli.model.results import Assessment
from balance_cli.record import record

if TYPE_CHECKING:
    import numpy as np

# level → indicator → (indices of its schools, signed share of the weighted variance)
Contributions = dict[str, dict[str, tuple["np.ndarray", "np.ndarray"]]]


@record(eq=False)
class Explained:
    assessment: Assessment
    contributions: Contributions

    def ranked(self, level: str, indicator: str) -> list[tuple[int, float]]:
        """(school index, signed share), largest share first."""
        import numpy as np

        idx, share = self.contributions[level][indicator]
        order = np.argsort(-np.abs(share), kind="stable")
        return [(int(idx[j]), float(share[j])) for j in order.tolist()]

    def contributions_dict(self) -> dict[str, Any]:
        table = self.assessment.schools.table
        return {
            level: {
                key: [
                    {
                        "code": table.codes[i],
                        "name": table.names[i],
                        "share": abs(share),
                        "sign": (share > 0) - (share < 0),
                    }
                    for i, share in self.ranked(level, key)
                ]
                for key in by_indicator
            }
            for level, by_indicator in self.contributions.items()
        }

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {**self.assessment.to_dict(lang), "contributions": self.contributions_dict()}
