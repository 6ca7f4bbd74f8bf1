"""The ``constellr`` Processing provider: registers the algorithms of ``algorithms.ALGORITHMS``."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..i18n import tr
from .algorithms import ALGORITHMS
from .base import ICON


class ConstellrProvider(QgsProcessingProvider):
    """The constellr algorithms in the toolbox, the modeler, batch mode and qgis_process."""

    def id(self) -> str:
        """The prefix of the algorithm ids (``constellr:listorders``)."""
        return "constellr"

    def name(self) -> str:
        """The name in the toolbox."""
        return "constellr"

    def longName(self) -> str:
        """The name with what it is for."""
        return tr("constellr land-surface temperature")

    def icon(self) -> QIcon:
        """The plugin's icon."""
        return QIcon(str(ICON))

    def loadAlgorithms(self) -> None:
        """Add one instance of every algorithm."""
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
