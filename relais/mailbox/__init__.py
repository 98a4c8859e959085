"""The reporter's mailbox: a short-lived session opened with the receipt."""
