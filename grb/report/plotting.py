"""Matplotlib set-up for the notebooks: Khmer text in charts.

Matplotlib's default font has no Khmer glyphs, so Khmer labels show as empty boxes. The ``notebooks`` extra
installs Noto Sans Khmer (the ``fontpkg-noto-sans-khmer`` package); this registers it as a fallback font.
"""

from __future__ import annotations

from pathlib import Path


def use_khmer_font() -> str | None:
    """Register Noto Sans Khmer with matplotlib as a fallback after its default font; return its name."""
    try:
        import fontpkg_noto_sans_khmer as package
    except ImportError:  # without the extra, Latin text still renders
        return None
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = next(Path(package.__file__).parent.joinpath("files").glob("*.ttf"))
    font_manager.fontManager.addfont(str(font))
    name = font_manager.FontProperties(fname=str(font)).get_name()
    plt.rcParams["font.family"] = ["DejaVu Sans", name]
    return name
