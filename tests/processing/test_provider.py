"""The constellr provider: its algorithms, and the plugin registering and removing it."""

from __future__ import annotations

from qgis.core import QgsApplication

from constellr.plugin.processing.algorithms import ALGORITHMS


def test_the_provider_offers_every_algorithm_in_the_constellr_group(provider) -> None:
    algorithms = {algorithm.id(): algorithm for algorithm in provider.algorithms()}
    assert set(algorithms) == {f"constellr:{algorithm().name()}" for algorithm in ALGORITHMS}
    assert {"constellr:geometryinfo", "constellr:createaois", "constellr:listorders"} <= set(algorithms)
    assert {algorithm.groupId() for algorithm in algorithms.values()} == {"constellr"}
    assert all(algorithm.shortHelpString() for algorithm in algorithms.values())
    assert not provider.icon().isNull()


def test_the_plugin_registers_the_provider_for_processing_and_removes_it_on_unload(
    processing_framework, qgis_iface
) -> None:
    import constellr

    plugin = constellr.classFactory(qgis_iface)
    registry = QgsApplication.processingRegistry()
    plugin.initProcessing()
    plugin.initProcessing()  # initGui calls it too: still one provider
    try:
        assert registry.providerById("constellr") is plugin.provider
        assert [p for p in registry.providers() if p.id() == "constellr"] == [plugin.provider]
    finally:
        plugin.unload()
    assert registry.providerById("constellr") is None
