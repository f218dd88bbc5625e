"""Private file storage for generated documents (agendas, reports) and uploads.

Files live under `settings.PRIVATE_MEDIA_ROOT`, outside STATIC_ROOT and MEDIA_ROOT, and have no
URL: they reach a user only through a view that checks access and streams the file.
"""

from __future__ import annotations

import os
import tempfile

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.utils import validate_file_name

# Owner read/write, group read: the web and worker processes may run as different users of one
# group; nobody else reads documents about people.
FILE_PERMISSIONS = 0o640
DIRECTORY_PERMISSIONS = 0o750


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage without URLs. Django falls back to MEDIA_URL when `base_url` is None,
    which would make `url()` point at a public location; here it refuses instead."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks access.")


def private_storage() -> PrivateStorage:
    return PrivateStorage(
        location=settings.PRIVATE_MEDIA_ROOT,
        base_url=None,
        file_permissions_mode=FILE_PERMISSIONS,
        directory_permissions_mode=DIRECTORY_PERMISSIONS,
    )


def save_private_file(path: str, content: bytes) -> str:
    """Store `content` at `path` in private storage, replacing any file already there, and return
    the stored name (`path` itself, with forward slashes).

    A regenerated agenda replaces the old one instead of being saved next to it as
    `agenda_AbC123.pdf` (what `Storage.save` does on a name clash). The new content is written to a
    temporary file in the same directory and moved over the old one with `os.replace`, which is
    atomic: a download running at the same moment gets the old or the new file, never a missing or
    half-written one, and two concurrent regenerations still leave exactly one file.
    """
    name = path.replace("\\", "/")
    # Refuses absolute paths, `..` and empty file names; storage.path() then joins safely.
    validate_file_name(name, allow_relative_path=True)
    storage = private_storage()
    target = storage.path(name)
    directory = os.path.dirname(target)
    os.makedirs(directory, mode=DIRECTORY_PERMISSIONS, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, FILE_PERMISSIONS)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return name
