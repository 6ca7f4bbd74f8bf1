"""Whether an AOI fits a product: the verdict the size check shows for each product, without widgets."""

from __future__ import annotations

from dataclasses import dataclass

from .aoi_geometry import AoiMetrics, Verdict
from .current_aoi import NamedAoi
from .i18n import tr, translatable
from .rules import aoi_size_problems, rules_for

NO_LOCAL_RULE = translatable("no local rule: constellr decides when ordering")


@dataclass(frozen=True)
class ProductVerdict:
    """Does the AOI fit the product (None: nothing to judge, or no local rule), and why in words."""

    fits: bool | None
    text: str

    @property
    def symbol(self) -> str:
        """One character for a narrow table cell: ✔, ✘ or —."""
        return {True: "✔", False: "✘"}.get(self.fits, "—")


def aoi_size(aoi: NamedAoi) -> AoiMetrics | None:
    """The AOI's metrics; for several parts, those of the whole (None when there is nothing to measure)."""
    return aoi.metrics or aoi.candidate.metrics


def product_verdict(aoi: NamedAoi, product: str) -> ProductVerdict:
    """The verdict on ``aoi``'s bounding box for ``product``, by the same rules the order form applies.

    Several parts are judged as the whole they make, which is what they would be as one AOI.
    """
    metrics = aoi_size(aoi)
    if metrics is None or aoi.candidate.verdict is Verdict.REFUSED:
        return ProductVerdict(None, "—")
    rules = rules_for(product)
    if rules is None:
        return ProductVerdict(None, tr(NO_LOCAL_RULE))
    problems = aoi_size_problems(rules, metrics.bbox_width_m, metrics.bbox_height_m)
    if problems:
        return ProductVerdict(False, "✘ " + "; ".join(problem.message for problem in problems))
    return ProductVerdict(True, tr("✔ fits"))
