"""The per-product verdict the size check shows, by the product rules."""

from __future__ import annotations

from qgis.core import QgsGeometry

from constellr.plugin.aoi_geometry import square_around
from constellr.plugin.current_aoi import NamedAoi
from constellr.plugin.size_check import NO_LOCAL_RULE, ProductVerdict, product_verdict


def square(side_m: float) -> NamedAoi:
    return NamedAoi.build("square", square_around(13.4, 52.5, side_m))


def test_a_16_km_square_is_too_wide_and_too_high_for_a_tasked_product_and_fits_fusion() -> None:
    aoi = square(16_000)
    assert product_verdict(aoi, "LSTprecision") == ProductVerdict(
        False, "✘ width 16 km exceeds 15 km; height 16 km exceeds 15 km"
    )
    assert product_verdict(aoi, "LSTfusion") == ProductVerdict(True, "✔ fits")


def test_a_square_below_the_fusion_minimum_says_by_how_much() -> None:
    verdict = product_verdict(square(50), "LSTfusion")
    assert verdict.fits is False
    assert verdict.text.startswith("✘ width 50 m is below 60 m")
    assert verdict.symbol == "✘"


def test_a_product_without_local_rules_is_left_to_constellr() -> None:
    verdict = product_verdict(square(1_000), "LSTsomething-new")
    assert verdict == ProductVerdict(None, NO_LOCAL_RULE)
    assert verdict.symbol == "—"


def test_nothing_is_judged_without_a_polygon() -> None:
    assert product_verdict(NamedAoi.build("empty", None), "LSTzoom") == ProductVerdict(None, "—")


def test_several_parts_are_judged_as_the_whole_they_make() -> None:
    two_fields = QgsGeometry.collectGeometry(
        [square_around(13.0, 52.5, 1_000), square_around(13.3, 52.5, 1_000)]  # about 21 km apart
    )
    aoi = NamedAoi.build("two fields", two_fields)
    assert aoi.metrics is None
    assert product_verdict(aoi, "LSTzoom").fits is False
    assert product_verdict(aoi, "LSTzoom").text.startswith("✘ width 21.")
    assert product_verdict(aoi, "LSTfusion") == ProductVerdict(True, "✔ fits")


def test_the_symbol_follows_the_verdict() -> None:
    assert product_verdict(square(1_000), "LSTzoom").symbol == "✔"
    assert product_verdict(square(20_000), "LSTzoom").symbol == "✘"
