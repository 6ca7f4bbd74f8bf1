"""The few names that differ between QGIS 3.22 and QGIS 4 (Qt 6), in one place."""

from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsColorRampShader,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsRasterMinMaxOrigin,
    QgsSymbolLayer,
    QgsWkbTypes,
)

# QGIS 3.30 moved geometry types to Qgis.GeometryType (Polygon); 3.22 only has QgsWkbTypes' PolygonGeometry,
# and QGIS 4 drops that old name.
POLYGON_GEOMETRY = (
    Qgis.GeometryType.Polygon if hasattr(Qgis, "GeometryType") else QgsWkbTypes.GeometryType.PolygonGeometry
)
# QGIS 3.30 moved the WKB types to Qgis.WkbType; QGIS 4 drops QgsWkbTypes.Type, which 3.22 alone has.
WKB = Qgis.WkbType if hasattr(Qgis, "WkbType") else QgsWkbTypes.Type
# QGIS 3.36 moved the Processing source types to Qgis.ProcessingSourceType and the feature request flags to
# Qgis.FeatureRequestFlag; QGIS 4 drops the old names, which 3.22 alone has.
if hasattr(Qgis, "ProcessingSourceType"):
    POLYGON_SOURCE = Qgis.ProcessingSourceType.VectorPolygon
    TABLE_SOURCE = Qgis.ProcessingSourceType.Vector
else:
    POLYGON_SOURCE = QgsProcessing.SourceType.TypeVectorPolygon
    TABLE_SOURCE = QgsProcessing.SourceType.TypeVector
if hasattr(Qgis, "FeatureRequestFlag"):
    NO_GEOMETRY = Qgis.FeatureRequestFlag.NoGeometry
else:
    NO_GEOMETRY = QgsFeatureRequest.Flag.NoGeometry

# QGIS 3.38 moved the shader and min/max enums to Qgis; QGIS 4 drops the old nested names.
if hasattr(Qgis, "ShaderInterpolationMethod"):
    LINEAR_SHADER = Qgis.ShaderInterpolationMethod.Linear
    CONTINUOUS_CLASSES = Qgis.ShaderClassificationMethod.Continuous
else:
    LINEAR_SHADER = QgsColorRampShader.Type.Interpolated
    CONTINUOUS_CLASSES = QgsColorRampShader.ClassificationMode.Continuous
if hasattr(Qgis, "RasterRangeLimit"):
    CUMULATIVE_CUT = Qgis.RasterRangeLimit.CumulativeCut
    WHOLE_RASTER = Qgis.RasterRangeExtent.WholeRaster
    ESTIMATED_STATISTICS = Qgis.RasterRangeAccuracy.Estimated
else:
    CUMULATIVE_CUT = QgsRasterMinMaxOrigin.Limits.CumulativeCut
    WHOLE_RASTER = QgsRasterMinMaxOrigin.Extent.WholeRaster
    ESTIMATED_STATISTICS = QgsRasterMinMaxOrigin.StatAccuracy.Estimated

# QGIS 3.30 renamed the symbol layer properties (Property.LayerEnabled); 3.22 has only PropertyLayerEnabled.
_SYMBOL_LAYER_PROPERTY = QgsSymbolLayer.Property
SYMBOL_LAYER_ENABLED = getattr(_SYMBOL_LAYER_PROPERTY, "LayerEnabled", None) or (
    _SYMBOL_LAYER_PROPERTY.PropertyLayerEnabled
)


def make_fields(spec: tuple[tuple[str, str], ...]) -> QgsFields:
    """Fields from (name, "string" | "int" | "double" | "datetime") pairs, on QGIS 3.22 as on QGIS 4.

    QGIS 3.38 moved QgsField to QMetaType (QVariant types are gone with Qt 6); 3.22 only takes QVariant.
    """
    if Qgis.versionInt() >= 33800:
        from qgis.PyQt.QtCore import QMetaType

        types = {
            "string": QMetaType.Type.QString,
            "int": QMetaType.Type.Int,
            "double": QMetaType.Type.Double,
            "datetime": QMetaType.Type.QDateTime,
        }
    else:
        from qgis.PyQt.QtCore import QVariant

        types = {
            "string": QVariant.Type.String,
            "int": QVariant.Type.Int,
            "double": QVariant.Type.Double,
            "datetime": QVariant.Type.DateTime,
        }
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, types[kind]))
    return fields
