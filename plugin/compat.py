"""The few names that differ between QGIS 3.22 and QGIS 4 (Qt 6), in one place."""

from __future__ import annotations

from qgis.core import Qgis, QgsField, QgsFields, QgsWkbTypes

# QGIS 3.30 moved geometry types to Qgis.GeometryType (Polygon); 3.22 only has QgsWkbTypes' PolygonGeometry,
# and QGIS 4 drops that old name.
POLYGON_GEOMETRY = (
    Qgis.GeometryType.Polygon if hasattr(Qgis, "GeometryType") else QgsWkbTypes.GeometryType.PolygonGeometry
)


def make_fields(spec: tuple[tuple[str, str], ...]) -> QgsFields:
    """Fields from (name, "string" | "double" | "datetime") pairs, on QGIS 3.22 as on QGIS 4.

    QGIS 3.38 moved QgsField to QMetaType (QVariant types are gone with Qt 6); 3.22 only takes QVariant.
    """
    if Qgis.versionInt() >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        types = {
            "string": QMetaType.Type.QString,
            "double": QMetaType.Type.Double,
            "datetime": QMetaType.Type.QDateTime,
        }
    else:
        from qgis.PyQt.QtCore import QVariant

        types = {
            "string": QVariant.Type.String,
            "double": QVariant.Type.Double,
            "datetime": QVariant.Type.DateTime,
        }
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, types[kind]))
    return fields
