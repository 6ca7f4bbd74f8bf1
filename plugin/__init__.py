"""Services the user interface calls: settings, credentials, tasks, geometry, layers, order rules.

Knows QGIS core but no widgets. The API client lives in :mod:`.api` and knows neither.
"""
