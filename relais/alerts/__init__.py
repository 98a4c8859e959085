"""The anonymous alert channel (seed 000): submission, status workflow, messages, consents."""
