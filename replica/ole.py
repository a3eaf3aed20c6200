"""A minimal OLE2 compound file ([MS-CFB] version 3) holding one stream.

Used for the replica's legacy `.doc` attachment (a `WordDocument` stream: what Word 97-2003
files contain) and, by the tests, for an `.xls` workbook. No maintained writer for these
formats exists on PyPI; the container is simple enough to write from the specification: one FAT
sector, one directory sector, the stream in regular sectors.
"""

from __future__ import annotations

import struct

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def cfb_bytes(stream_name: str, stream: bytes) -> bytes:
    """One stream named `stream_name`. Streams under 4096 bytes would belong in the mini
    stream; padding to 4096 keeps them in regular sectors (readers ignore the tail)."""
    stream = stream + b"\x00" * max(0, 4096 - len(stream))
    n = -(-len(stream) // 512)
    if n + 2 > 128:
        raise ValueError("stream too large for a single FAT sector")
    fat = [FATSECT, END] + [3 + i for i in range(n - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    header = (SIGNATURE + b"\x00" * 16 +
              struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6 +
              struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0) +
              struct.pack("<109I", 0, *([FREE] * 108)))
    directory = (_dir_entry("Root Entry", 5, child=1, start=END, size=0) +
                 _dir_entry(stream_name, 2, start=2, size=len(stream)) +
                 _dir_entry("", 0) * 2)
    body = stream + b"\x00" * (n * 512 - len(stream))
    return header + struct.pack("<128I", *fat) + directory + body


def _dir_entry(name: str, kind: int, child: int = NOSTREAM, start: int = 0,
               size: int = 0) -> bytes:
    raw = (name + "\x00").encode("utf-16-le") if name else b""
    return (raw + b"\x00" * (64 - len(raw)) +
            struct.pack("<HBBIII", len(raw), kind, 1, NOSTREAM, NOSTREAM, child) +
            b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16 + struct.pack("<IQ", start, size))
