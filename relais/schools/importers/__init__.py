"""Importing the official school directories (France's annuaire, Wallonia-Brussels' FASE list)."""

from relais.schools.importers.formats import FORMATS
from relais.schools.importers.reading import ImportFileError
from relais.schools.importers.upsert import ImportReport, import_schools_file

__all__ = ["FORMATS", "ImportFileError", "ImportReport", "import_schools_file"]
