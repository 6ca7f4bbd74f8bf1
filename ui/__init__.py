"""Widgets, forms and map tools of the plugin (Qt and QGIS GUI)."""
