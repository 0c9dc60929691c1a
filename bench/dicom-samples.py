#!/usr/bin/env python3
"""Large DICOM files for bench/documents.sh, made from a grey image ImageMagick draws (plasma, seed 1):
  dicom-samples.py j2k WIDTH HEIGHT OUT   12-bit CR, JPEG 2000 (opj_compress -r 20, five levels)
  dicom-samples.py cr WIDTH HEIGHT OUT    12-bit CR, uncompressed, with a Modality LUT Sequence
  dicom-samples.py native-frames WIDTH HEIGHT FRAMES OUT        12-bit, uncompressed, FRAMES frames
  dicom-samples.py jpeg-frames WIDTH HEIGHT FRAMES OUT bot|none  8-bit JPEG baseline frames, with or
                                                                 without a Basic Offset Table
Explicit VR little endian; no patient attributes. The frames of a multi-frame object are one image
repeated (what is measured is finding and reading one frame, not its content)."""
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


def dicom(transfer_syntax, width, height, body_extra, pixel_data, frames=1, bits=(16, 12)):
    sop_class, sop_instance = "1.2.840.10008.5.1.4.1.1.1", "1.2.826.0.1.3680043.2.1125.9.1"
    meta = (element(2, 1, "OB", b"\0\1") + element(2, 2, "UI", even(sop_class, b"\0"))
            + element(2, 3, "UI", even(sop_instance, b"\0")) + element(2, 0x10, "UI", even(transfer_syntax, b"\0")))
    body = (element(8, 0x16, "UI", even(sop_class, b"\0")) + element(8, 0x18, "UI", even(sop_instance, b"\0"))
            + element(8, 0x60, "CS", even("CR")) + element(0x28, 2, "US", us(1))
            + element(0x28, 4, "CS", even("MONOCHROME2"))
            + (element(0x28, 8, "IS", even(str(frames))) if frames > 1 else b"")
            + element(0x28, 0x10, "US", us(height))
            + element(0x28, 0x11, "US", us(width)) + element(0x28, 0x100, "US", us(bits[0]))
            + element(0x28, 0x101, "US", us(bits[1])) + element(0x28, 0x102, "US", us(bits[1] - 1))
            + element(0x28, 0x103, "US", us(0)) + body_extra + pixel_data)
    return b"\0" * 128 + b"DICM" + element(2, 0, "UL", struct.pack("<I", len(meta))) + meta + body


def write_frames(path, head, frame, frames):
    """The head, then the pixel data of FRAMES copies of one frame, streamed (objects of hundreds of MB)."""
    with open(path, "wb") as out:
        out.write(head)
        for _ in range(frames):
            out.write(frame)


def main():
    kind, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if kind in ("native-frames", "jpeg-frames"):
        frames, out = int(sys.argv[4]), sys.argv[5]
        with tempfile.TemporaryDirectory() as folder:
            pgm = grey_pgm(width, height, folder)
            if kind == "native-frames":
                frame = pgm_samples(pgm).tobytes()
                pixels = struct.pack("<HH2sHI", 0x7FE0, 0x10, b"OW", 0, len(frame) * frames)
                write_frames(out, dicom("1.2.840.10008.1.2.1", width, height, b"", pixels, frames), frame, frames)
            else:
                jpeg = os.path.join(folder, "frame.jpg")
                subprocess.run(["convert", pgm, "-depth", "8", "-quality", "90", jpeg], check=True)
                data = open(jpeg, "rb").read()
                data += b"\0" * (len(data) % 2)
                table = b"".join(struct.pack("<I", i * (8 + len(data))) for i in range(frames)) if sys.argv[6] == "bot" else b""
                pixels = struct.pack("<HH2sHI", 0x7FE0, 0x10, b"OB", 0, 0xFFFFFFFF) + struct.pack("<HHI", 0xFFFE, 0xE000, len(table)) + table
                item = struct.pack("<HHI", 0xFFFE, 0xE000, len(data)) + data
                write_frames(out, dicom("1.2.840.10008.1.2.4.50", width, height, b"", pixels, frames, (8, 8)), item, frames)
                with open(out, "ab") as tail:
                    tail.write(struct.pack("<HHI", 0xFFFE, 0xE0DD, 0))
        return

    out = sys.argv[4]
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
