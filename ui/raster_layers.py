"""Opening rasters from the panel: prepared in a task, added to the map, the outcome in the message bar.

The Search tab, the Feeds tab and the download dialog ("Load rasters when done") all open rasters this way.
"""

from __future__ import annotations

from typing import Any

from qgis.gui import QgisInterface

from ..plugin.context import PluginContext
from ..plugin.i18n import tr_count
from ..plugin.rasters import PreparedRasters, RasterRequest, add_raster_layers, prepare_rasters


def open_rasters(
    iface: QgisInterface,
    context: PluginContext,
    requests: list[RasterRequest],
    description: str,
    owner: Any = None,
) -> None:
    """Prepare the rasters of ``requests`` in a task and add them as layers; say how many were added and
    which could not be opened. ``owner`` groups the task for cancelling (None: the layers come even when
    the widget that asked is gone)."""
    bar = iface.messageBar()

    def add(result: PreparedRasters) -> None:
        added = tr_count(
            len(add_raster_layers(result.prepared)),
            "{count} raster layer added.",
            "{count} raster layers added.",
        )
        warning = result.warning()
        if warning:
            bar.pushWarning("constellr", f"{added} {warning}")
        else:
            bar.pushSuccess("constellr", added)

    context.run(
        description,
        prepare_rasters,
        requests,
        on_done=add,
        on_error=lambda message: bar.pushWarning("constellr", message),
        owner=owner,
    )
