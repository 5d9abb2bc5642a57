"""The Python peer of `triage bench`: the same 4x6 restock label built with
reportlab (PDF, DejaVu Sans embedded, Code 128 bars from python-barcode) and as
ZPL with one f-string, timed one label at a time.

argv: regular.ttf bold.ttf count; stdin: the label's fields as JSON, with `logo`:
the logo's ^GFA line as Triage prints it, so both ZPLs carry the same graphic.
stdout: one JSON object, medians in microseconds.
"""

import io
import json
import statistics
import sys
import time

import barcode
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

regular, bold, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
label = json.load(sys.stdin)

# Fonts registered once, like the bench's fonts parsed once per process.
pdfmetrics.registerFont(TTFont("DejaVu", regular))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", bold))
code128 = barcode.get_barcode_class("code128")
W, H = 101.6 * mm, 152.4 * mm


def pdf(d, face="DejaVu", bold_face="DejaVu-Bold"):
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(W, H))
    top = lambda y: H - y * mm
    c.setFont(bold_face, 34)
    c.drawString(4 * mm, top(15), d["disposition"])
    c.setFont(bold_face, 20)
    c.drawString(4 * mm, top(27), d["destination"])
    c.setFont(face, 7)
    c.drawCentredString(85.6 * mm, top(8), "GRADE")
    c.setFont(bold_face, 40)
    c.drawCentredString(85.6 * mm, top(26), d["grade"])
    c.setLineWidth(0.8 * mm)
    c.rect(73.6 * mm, top(30), 24 * mm, 26 * mm)
    for y in (31.5, 95.5, 139.5):
        c.rect(4 * mm, top(y + 0.6), 93.6 * mm, 0.6 * mm, stroke=0, fill=1)
    for caption, key, x, y, size, font in (
        ("SKU", "sku", 4, 58, 18, bold_face),
        ("DESCRIPTION", "description", 4, 72, 11, face),
        ("RETURN", "return_number", 4, 91, 13, bold_face),
        ("DATE", "date", 64, 91, 13, bold_face),
    ):
        c.setFont(face, 7)
        c.drawString(x * mm, top(y - 6), caption)
        c.setFont(font, size)
        c.drawString(x * mm, top(y), d[key])
    # Bars: python-barcode's modules, one filled box per run, 0.5 mm modules.
    modules = code128(d["lpn"]).build()[0]
    x, module = 4 * mm + 10 * 0.5 * mm, 0.5 * mm
    i = 0
    while i < len(modules):
        j = i
        while j < len(modules) and modules[j] == modules[i]:
            j += 1
        if modules[i] == "1":
            c.rect(x + i * module, top(127), (j - i) * module, 28 * mm, stroke=0, fill=1)
        i = j
    c.setFont(bold_face, 16)
    c.drawCentredString(50.8 * mm, top(134), d["lpn"])
    c.setFont(face, 9)
    c.drawString(4 * mm, top(146), d["bench"])
    c.showPage()
    c.save()
    return out.getvalue()


def zpl(d):
    return (
        f"^XA\n^CI28\n^PW812\n^LL1218\n^LH0,0\n"
        f"^FT32,120^A0N,94,94^FH\\^FD{d['disposition']}^FS\n"
        f"^FT32,216^A0N,56,56^FH\\^FD{d['destination']}^FS\n"
        f"^FT588,64^A0N,20,20^FB192,1,0,C,0^FH\\^FDGRADE^FS\n"
        f"^FT588,208^A0N,110,110^FB192,1,0,C,0^FH\\^FD{d['grade']}^FS\n"
        f"^FO588,32^GB192,208,6^FS\n"
        f"^FO32,252^GB748,6,6^FS\n"
        f"^FT32,416^A0N,20,20^FH\\^FDSKU^FS\n"
        f"^FT32,464^A0N,50,50^FH\\^FD{d['sku']}^FS\n"
        f"^FT32,528^A0N,20,20^FH\\^FDDESCRIPTION^FS\n"
        f"^FT32,576^A0N,30,30^FH\\^FD{d['description']}^FS\n"
        f"^FT32,680^A0N,20,20^FH\\^FDRETURN^FS\n"
        f"^FT32,728^A0N,36,36^FH\\^FD{d['return_number']}^FS\n"
        f"^FT512,680^A0N,20,20^FH\\^FDDATE^FS\n"
        f"^FT512,728^A0N,36,36^FH\\^FD{d['date']}^FS\n"
        f"^FO32,764^GB748,3,3^FS\n"
        f"^FO72,792^BY4^BCN,224,N,N,N,N^FH\\^FD{d['lpn']}^FS\n"
        f"^FT32,1080^A0N,44,44^FB748,1,0,C,0^FH\\^FD{d['lpn']}^FS\n"
        f"^FO32,1116^GB748,3,3^FS\n"
        f"{d['logo']}\n"
        f"^FT32,1168^A0N,25,25^FH\\^FD{d['bench']}^FS\n"
        f"^XZ\n"
    )


def timed(make, n):
    samples = []
    for i in range(n):
        d = dict(label, lpn=f"LPN001{i:07d}")
        t = time.perf_counter()
        make(d)
        samples.append((time.perf_counter() - t) * 1e6)
    return statistics.median(samples)


start = time.perf_counter()
first = pdf(label)
first_us = (time.perf_counter() - start) * 1e6
print(
    json.dumps(
        {
            "pdf_us": timed(pdf, count),
            # The same label in PDF's built-in Helvetica, nothing embedded (and no
            # glyph for many names): what reportlab costs without fonts.
            "pdf_helvetica_us": timed(lambda d: pdf(d, "Helvetica", "Helvetica-Bold"), count),
            "zpl_us": timed(zpl, count * 100),
            "first_pdf_us": first_us,
            "pdf_bytes": len(first),
            "reportlab": __import__("reportlab").Version,
            "python_barcode": barcode.version,
        }
    )
)
