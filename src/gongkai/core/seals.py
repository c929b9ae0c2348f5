"""A disclosure body's seal image, checked before it is stored: a real PNG (every chunk's checksum,
the image data inflating to exactly the size its header declares, so no bomb), with an alpha
channel so that the text under the seal shows through, and of a sane size. Pure: no Django."""

import struct
import zlib

MAX_SEAL_BYTES = 1024 * 1024
MIN_SIDE, MAX_SIDE = 100, 2000
MAX_RATIO = 2  # round or oval seals; a banner is not a seal

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Colour type -> channels: 4 grey + alpha, 6 RGBA; 3 (palette) has alpha only with a tRNS chunk.
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class SealError(ValueError):
    """The upload is not a usable seal; the message is for people (Chinese)."""


def _chunks(data: bytes):
    pos = len(_SIGNATURE)
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise SealError("PNG 文件不完整")
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise SealError("PNG 文件已损坏（校验和不符）")
        yield kind, body
        pos += 12 + length
        if kind == b"IEND":
            if pos != len(data):
                raise SealError("PNG 文件结尾后附有其他数据")
            return
    raise SealError("PNG 文件不完整")


def check_seal(data: bytes) -> tuple[int, int]:
    """(width, height) of an acceptable seal image, or SealError."""
    if not data:
        raise SealError("请选择印章图片")
    if len(data) > MAX_SEAL_BYTES:
        raise SealError(f"印章图片不能超过 {MAX_SEAL_BYTES // 1024} KB")
    if not data.startswith(_SIGNATURE):
        raise SealError("印章图片须为 PNG 格式（其他格式改扩展名无效）")
    chunks = list(_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise SealError("PNG 文件头无效")
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if colour not in _CHANNELS or depth not in {1, 2, 4, 8, 16} or interlace not in {0, 1}:
        raise SealError("PNG 文件头无效")
    kinds = {kind for kind, _ in chunks}
    if colour not in {4, 6} and not (colour == 3 and b"tRNS" in kinds):
        raise SealError("印章图片须带透明通道（背景透明的 PNG），否则会遮住署名和日期")
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise SealError(f"印章图片的宽和高须在 {MIN_SIDE}～{MAX_SIDE} 像素之间")
    if max(width, height) > MAX_RATIO * min(width, height):
        raise SealError("印章图片的长宽比例不合理")
    if interlace:
        raise SealError("请上传非隔行扫描（non-interlaced）的 PNG")
    expected = height * (1 + (width * _CHANNELS[colour] * depth + 7) // 8)
    inflate = zlib.decompressobj()
    try:
        raw = inflate.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"), expected + 1)
    except zlib.error:
        raise SealError("PNG 图像数据已损坏") from None
    if len(raw) != expected or not inflate.eof:
        raise SealError("PNG 图像数据与文件头声明的尺寸不符")
    return width, height
