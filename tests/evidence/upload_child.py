"""A process that uploads into the vault until it is killed (test_a_killed_upload_...).

    python -m tests.evidence.upload_child local FOLDER
    python -m tests.evidence.upload_child s3 ENDPOINT LOCATION

It starts an upload (intake.Intake, as the upload handler does), prints the item id, then feeds
random bytes forever, printing how many MiB it fed after each one. Nothing touches the database.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import override_settings

    from relais.evidence.intake import Intake
    from tests.evidence.conftest import VAULT_KEY
    from tests.evidence.seaweedfs import s3_storage_settings

    if sys.argv[1] == "s3":
        storage = s3_storage_settings(sys.argv[2], sys.argv[3])
    else:
        storage = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": sys.argv[2]},
        }
    with override_settings(
        STORAGES={**settings.STORAGES, "evidence": storage}, VAULT_KEY=VAULT_KEY
    ):
        intake = Intake(max_bytes=1 << 40)
        intake.feed(b"\x00\x00\x00\x18ftypmp42" + os.urandom(64 * 1024))
        print(intake.item_id, flush=True)
        fed = 0
        while True:
            for _ in range(16):
                intake.feed(os.urandom(64 * 1024))
            fed += 1
            print(fed, flush=True)


if __name__ == "__main__":
    main()
