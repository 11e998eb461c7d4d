"""Image sniffing used by sendPhoto, and raw-update validation."""

from __future__ import annotations

import struct

import pytest

from emulator import BotApiEmulator, TgUser
from emulator.media import guess_mime, image_size


def test_image_sizes_are_read_from_headers() -> None:
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I4sII", 13, b"IHDR", 640, 480) + b"\x00" * 5
    assert image_size(png) == (640, 480)
    gif = b"GIF89a" + struct.pack("<HH", 32, 16)
    assert image_size(gif) == (32, 16)
    sof = b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 200, 300) + b"\x00" * 12
    jpeg = b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 4) + b"JF" + sof
    assert image_size(jpeg) == (300, 200)
    webp = b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (99).to_bytes(3, "little") * 2
    assert image_size(webp) == (100, 100)
    assert image_size(b"%PDF-1.7") is None


def test_mime_guess_prefers_the_file_name() -> None:
    assert guess_mime("plan.csv", "application/octet-stream") == "text/csv"
    assert guess_mime(None, "image/png") == "image/png"
    assert guess_mime(None, None) == "application/octet-stream"


def test_raw_updates_are_validated_against_the_spec() -> None:
    emu = BotApiEmulator()
    with pytest.raises(ValueError, match="invalid Update"):
        emu.enqueue({"message": {"message_id": 1, "date": 0, "chat": {"id": 1}}})
    update_id = emu.enqueue(
        {"message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}
    )
    assert (update_id, emu.pending_updates) == (1, 1)
    assert emu.send_text(TgUser(1, "A"), "/help") == 2
    emu.redeliver(1)
    assert emu.pending_updates == 3
