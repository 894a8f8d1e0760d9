"""QR codes of public links, drawn by segno (SVG for screens and print, PNG for chat apps).

segno (with the XML writers it brings, about 1 MiB) is imported by the first code drawn, not
with the app: a web worker that never shows a public page's QR code does not carry it.
"""

import io


def qr_svg(url: str, title: str) -> bytes:
    import segno

    code = segno.make(url, error="m")
    out = io.BytesIO()
    # A title element names the image for screen readers; no XML declaration, so it inlines too.
    code.save(out, kind="svg", scale=8, border=4, title=title, xmldecl=False, svgns=True)
    return out.getvalue()


def qr_png(url: str) -> bytes:
    import segno

    code = segno.make(url, error="m")
    out = io.BytesIO()
    code.save(out, kind="png", scale=10, border=4)
    return out.getvalue()
