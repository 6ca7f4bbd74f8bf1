"""The constellr Processing provider: algorithms for the toolbox, the modeler, batch mode and qgis_process."""
