"""Printed documents: reportlab PDFs with an embedded CJK font, QR codes, rasterising.

No Qt here: the ui prints the PDF bytes (or the RGBA pages from raster.py) through QPrinter.
"""
