"""Uploads past the size limit are counted, not kept."""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class SizeLimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: once a file passes
    RESOLUTIONS_UPLOAD_MAX_BYTES, its remaining chunks are counted and
    dropped instead of reaching the memory or temporary-file handlers, so
    a huge upload never fills memory or disk. The upload form then refuses
    the stand-in it gets, which reports the real size."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.RESOLUTIONS_UPLOAD_MAX_BYTES:
            self.too_large = True
        return None if self.too_large else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_large:
            return None
        return UploadedFile(
            io.BytesIO(),
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
        )
