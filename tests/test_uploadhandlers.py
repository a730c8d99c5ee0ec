from django.test import RequestFactory

from resolutions.uploadhandlers import SizeLimitedUploadHandler

MB = 1024 * 1024


def receive(handler: SizeLimitedUploadHandler, size: int, chunk: int = 64 * 1024) -> list[bytes | None]:
    handler.new_file("file", "big.txt", "text/plain", size)
    return [handler.receive_data_chunk(b"x" * chunk, start) for start in range(0, size, chunk)]


def test_it_passes_chunks_on_while_the_file_is_within_the_limit(settings):
    settings.RESOLUTIONS_UPLOAD_MAX_BYTES = MB
    handler = SizeLimitedUploadHandler(RequestFactory().post("/"))
    passed = receive(handler, MB)
    assert all(chunk is not None for chunk in passed)
    assert handler.file_complete(MB) is None  # the next handler keeps the file


def test_it_drops_what_comes_past_the_limit_and_reports_the_real_size(settings):
    settings.RESOLUTIONS_UPLOAD_MAX_BYTES = MB
    handler = SizeLimitedUploadHandler(RequestFactory().post("/"))
    passed = receive(handler, 3 * MB)
    kept = sum(len(chunk) for chunk in passed if chunk is not None)
    assert kept <= MB
    stand_in = handler.file_complete(3 * MB)
    assert stand_in.size == 3 * MB
    assert stand_in.name == "big.txt"
    assert stand_in.read() == b""
