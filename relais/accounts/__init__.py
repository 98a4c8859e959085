"""Staff accounts, their organisation and their role."""
