# A package only so that setuptools ships the data files beside it (package-data "*.csv", "*.yaml").
