"""Who saw or changed what, and when: one row per staff view or change."""
