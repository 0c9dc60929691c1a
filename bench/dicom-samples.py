#!/usr/bin/env python3
"""Large DICOM files for bench/documents.sh, made from a grey image ImageMagick draws (plasma, seed 1):
  dicom-samples.py j2k WIDTH HEIGHT OUT   12-bit CR, JPEG 2000 (opj_compress -r 20, five levels)
  dicom-samples.py cr WIDTH HEIGHT OUT    12-bit CR, uncompressed, with a Modality LUT Sequence
Explicit VR little endian; no patient attributes."""
import array
import math
import struct
import subprocess
import sys
import tempfile
import os


def element(group, elem, vr, value):
    if vr in ("OB", "OW", "SQ", "UN"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value


def even(text, pad=b" "):
    data = text.encode()
    return data + pad if len(data) % 2 else data


def us(value):
    return struct.pack("<H", value)


def grey_pgm(width, height, folder):
    path = os.path.join(folder, "image.pgm")
    subprocess.run(["convert", "-seed", "1", "-size", f"{width}x{height}", "plasma:", "-colorspace", "gray",
                    "-depth", "12", path], check=True)
    return path


def pgm_samples(path):
    data = open(path, "rb").read()
    fields, at = [], 0
    while len(fields) < 4:  # P5, width, height, maxval
        while data[at:at + 1].isspace():
            at += 1
        start = at
        while not data[at:at + 1].isspace():
            at += 1
        fields.append(data[start:at])
    samples = array.array("H", data[at + 1:])
    samples.byteswap()  # PGM is big endian
    return samples


def dicom(transfer_syntax, width, height, body_extra, pixel_data):
    sop_class, sop_instance = "1.2.840.10008.5.1.4.1.1.1", "1.2.826.0.1.3680043.2.1125.9.1"
    meta = (element(2, 1, "OB", b"\0\1") + element(2, 2, "UI", even(sop_class, b"\0"))
            + element(2, 3, "UI", even(sop_instance, b"\0")) + element(2, 0x10, "UI", even(transfer_syntax, b"\0")))
    body = (element(8, 0x16, "UI", even(sop_class, b"\0")) + element(8, 0x18, "UI", even(sop_instance, b"\0"))
            + element(8, 0x60, "CS", even("CR")) + element(0x28, 2, "US", us(1))
            + element(0x28, 4, "CS", even("MONOCHROME2")) + element(0x28, 0x10, "US", us(height))
            + element(0x28, 0x11, "US", us(width)) + element(0x28, 0x100, "US", us(16))
            + element(0x28, 0x101, "US", us(12)) + element(0x28, 0x102, "US", us(11))
            + element(0x28, 0x103, "US", us(0)) + body_extra + pixel_data)
    return b"\0" * 128 + b"DICM" + element(2, 0, "UL", struct.pack("<I", len(meta))) + meta + body


def main():
    kind, width, height, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with tempfile.TemporaryDirectory() as folder:
        pgm = grey_pgm(width, height, folder)
        if kind == "j2k":
            codestream = os.path.join(folder, "image.j2k")
            subprocess.run(["opj_compress", "-i", pgm, "-o", codestream, "-r", "20"], check=True, capture_output=True)
            data = open(codestream, "rb").read()
            data += b"\0" * (len(data) % 2)
            items = struct.pack("<HHI", 0xFFFE, 0xE000, 0) + struct.pack("<HHI", 0xFFFE, 0xE000, len(data)) + data
            pixels = struct.pack("<HH2sHI", 0x7FE0, 0x10, b"OB", 0, 0xFFFFFFFF) + items + struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)
            open(out, "wb").write(dicom("1.2.840.10008.1.2.4.91", width, height, b"", pixels))
        elif kind == "cr":
            # Modality LUT: 4096 entries, first mapped value 0, 16 bits; a gentle log curve.
            lut = array.array("H", (int(65535 * math.log1p(i / 64) / math.log1p(4095 / 64)) for i in range(4096)))
            item = element(0x28, 0x3002, "US", struct.pack("<HhH", 4096, 0, 16)) + element(0x28, 0x3006, "OW", lut.tobytes())
            sequence = element(0x28, 0x3000, "SQ", struct.pack("<HHI", 0xFFFE, 0xE000, len(item)) + item)
            window = element(0x28, 0x1050, "DS", even("32768")) + element(0x28, 0x1051, "DS", even("65536"))
            samples = pgm_samples(pgm)
            open(out, "wb").write(dicom("1.2.840.10008.1.2.1", width, height, window + sequence, element(0x7FE0, 0x10, "OW", samples.tobytes())))
        else:
            sys.exit(__doc__)


main()
