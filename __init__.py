"""constellr QGIS plugin: land-surface-temperature data from the constellr API inside QGIS."""


def classFactory(iface):  # noqa: ANN001, ANN201 - QGIS passes its QgisInterface
    """Create the plugin instance (QGIS entry point)."""
    from .main import ConstellrPlugin

    return ConstellrPlugin(iface)
