"""Small helpers without models, shared by the apps."""
