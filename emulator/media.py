"""Just enough image sniffing to answer ``sendPhoto`` like Telegram.

Telegram re-encodes photos and refuses what it cannot decode (``IMAGE_PROCESS_FAILED``) or
what has extreme dimensions (``PHOTO_INVALID_DIMENSIONS``: width + height > 10000 or an aspect
ratio above 20).  The emulator recognises PNG, JPEG, GIF and WebP headers only, which is what a
bot realistically uploads; anything else is refused as Telegram would refuse garbage bytes.
"""

from __future__ import annotations

import mimetypes
import struct

from .models import ApiError

__all__ = ["checked_photo_size", "guess_mime", "image_size"]

_MAX_PHOTO_BYTES = 10 * 1024 * 1024

_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        (segment_length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + segment_length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG/JPEG/GIF/WebP image, or None if not recognised."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def checked_photo_size(data: bytes) -> tuple[int, int]:
    """(width, height) of an uploaded photo, or the ApiError Telegram would answer."""
    size = image_size(data)
    if size is None:
        raise ApiError(
            400,
            "Bad Request: IMAGE_PROCESS_FAILED (the emulator decodes PNG, JPEG, GIF and WebP "
            "headers; these bytes are none of them)",
        )
    width, height = size
    if width + height > 10000 or max(width, height) > 20 * max(min(width, height), 1):
        raise ApiError(400, f"Bad Request: PHOTO_INVALID_DIMENSIONS ({width}x{height})")
    if len(data) > _MAX_PHOTO_BYTES:
        raise ApiError(400, "Bad Request: PHOTO_TOO_BIG (photos are limited to 10 MB)")
    return size


def guess_mime(filename: str | None, declared: str | None) -> str:
    """MIME type Telegram would report: from the file name, else the declared part type."""
    guessed = mimetypes.guess_type(filename)[0] if filename else None
    if guessed:
        return guessed
    if declared and declared != "application/octet-stream":
        return declared
    return "application/octet-stream"
