"""The intake-to-synthèse delay over time as an SVG bar chart, drawn by hand (no dependency, no
external resource): one bar per quarter of intake, the median delay in days; quarters with fewer
than 5 cases are marked, not drawn."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 40, 60
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
BASE = TOP + PLOT_H
TITLE = "Délai médian entre la saisine et la première synthèse"
DESC = "Par trimestre de saisine, en jours ; les trimestres de moins de 5 situations sont masqués."


def _text(x: float, y: float, words: str, colour: str = "#1b1b1b", anchor: str = "middle") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{colour}">{escape(words)}</text>'


def _frame() -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="title desc" '
        'font-family="sans-serif" font-size="12">',
        f'<title id="title">{escape(TITLE)}</title><desc id="desc">{escape(DESC)}</desc>',
        _text(LEFT, 22, f"{TITLE} (jours)", anchor="start"),
        f'<line x1="{LEFT}" y1="{BASE}" x2="{WIDTH - RIGHT}" y2="{BASE}" stroke="#5a6b7b"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{BASE}" stroke="#5a6b7b"/>',
    ]


def _axis(top: float, scale: float) -> list[str]:
    stride = max(5, int(top) // 5)
    return [
        _text(LEFT - 8, BASE - t * scale + 4, str(t), anchor="end") for t in range(0, int(top) + 1, stride)
    ]


def _bar(x: float, width: float, label: str, value: float, count: int, scale: float) -> list[str]:
    height = value * scale
    tip = f"{label} : {value} jours ({count} situations)"
    return [
        f'<rect x="{x:.1f}" y="{BASE - height:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#0b4f8a">'
        f"<title>{escape(tip)}</title></rect>",
        _text(x + width / 2, BASE - height - 6, str(value)),
    ]


def delay_chart(points: list[tuple[str, float | None, int]]) -> str:
    top = max([v for _, v, _ in points if v is not None] + [10.0]) * 1.1
    scale = PLOT_H / top
    step = PLOT_W / max(len(points), 1)
    parts = _frame() + _axis(top, scale)
    for n, (label, value, count) in enumerate(points):
        x = LEFT + n * step + step * 0.2
        parts.append(_text(x + step * 0.3, BASE + 18, label))
        if value is None:
            parts.append(_text(x + step * 0.3, BASE - 6, "<5", "#5a6b7b"))
        else:
            parts += _bar(x, step * 0.6, label, value, count, scale)
    parts.append("</svg>")
    return "\n".join(parts)
