"""Renders resources/icons/countdesk.svg to the PNG sizes desktops use and to Windows' .ico.

Run after changing the SVG, from the checkout:  .venv/bin/python packaging/icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # Pillow comes with ReportLab
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
PNG_SIZES = (16, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "countdesk.svg"))
    if not renderer.isValid():
        sys.stderr.write("icons: countdesk.svg could not be read\n")
        return 1
    for size in PNG_SIZES:
        render(renderer, size).save(str(ICONS / f"countdesk-{size}.png"))
    render(renderer, 256).save(str(ICONS / "countdesk.png"))
    largest = Image.open(ICONS / "countdesk-256.png")
    largest.save(ICONS / "countdesk.ico", sizes=[(s, s) for s in PNG_SIZES])
    print(f"icons: wrote {len(PNG_SIZES) + 1} PNGs and countdesk.ico in {ICONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
