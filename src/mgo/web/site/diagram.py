"""The model as one SVG picture: base concepts → variants, and which facets each variant's definition names.

Written by hand rather than with Graphviz so the build needs no system package and the output is the same on
every machine: a left-to-right tree (the class of environments, the six base concepts in the source's
order, the variants by their number) and, to its right, a matrix with one column per facet and a circle
whose number is how many values of that facet the variant's definition names. Text widths are estimated
from the number of characters (no font metrics), which is deterministic and close enough for box sizes.

Every box and circle is a link to its page, so the picture is also a way in; the same facts are on the
pages as text, for readers who cannot see the picture.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from mgo.web.site.i18n import counted, message
from mgo.web.site.model import Site
from mgo.web.site.rdf import Iri
from mgo.web.site.vocab import MGO, SKOS

ROW = 52  # height of one variant row
BOX = 34  # height of a box
GAP = 36  # horizontal gap between columns
CHAR = 7.4  # estimated width of a character at 13px
PAD = 12
CELL = 46  # width of one facet column
TOP = 150  # room for the facet column headings (rotated)

COLOURS = {
    "root": ("#1d3a4f", "#ffffff"),
    "base": ("#1f5f7a", "#ffffff"),
    "variant": ("#e8f1f5", "#10242f"),
}


def _width(text: str) -> float:
    return len(text) * CHAR + 2 * PAD


def model_svg(site: Site, lang: str, href: dict[Iri, str]) -> str:
    """The diagram for the pages in ``lang``; ``href`` gives the link of each resource (relative)."""
    bases = site.base_concepts()
    rows: list[tuple[Iri, Iri]] = [(base, variant) for base in bases for variant in site.narrower(base)]
    facets = site.facets()
    # the root is the model itself (the concept scheme of the source), not a class of the ontology
    environment = site.environments()

    def label(node: Iri) -> str:
        return site.label(node, lang).value

    def notation(node: Iri) -> str:
        found = site.literal(node, SKOS + "notation")
        return f"{found.value}  " if found else ""

    root_w = _width(label(environment))
    base_w = max([_width(label(b)) for b in bases] or [100.0])
    variant_w = max([_width(notation(v) + label(v)) for _, v in rows] or [100.0])
    x_root = 10.0
    x_base = x_root + root_w + GAP
    x_variant = x_base + base_w + GAP
    x_facets = x_variant + variant_w + GAP
    # the rotated headings reach right of their column by cos(50°) of their length
    overhang = max([len(label(f)) * CHAR * 0.643 for f in facets] or [0.0])
    width = x_facets + CELL * len(facets) + overhang + 10
    height = TOP + ROW * max(len(rows), 1) + 10

    def row_y(i: int) -> float:
        return TOP + i * ROW + (ROW - BOX) / 2

    out: list[str] = []
    title = message("diagram", lang)
    out.append(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" class="model-diagram" role="group" '
        f'aria-labelledby="diagram-title diagram-desc" font-family="system-ui, sans-serif" font-size="13">'
    )
    out.append(f'<title id="diagram-title">{escape(title)}</title>')
    out.append(f'<desc id="diagram-desc">{escape(description(site, lang))}</desc>')

    def box(node: Iri, x: float, y: float, w: float, text: str, kind: str) -> None:
        fill, colour = COLOURS[kind]
        link = href.get(node)
        inner = (
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BOX}" rx="6" fill="{fill}" '
            f'stroke="#1d3a4f" stroke-width="1"/>'
            f'<text x="{x + PAD:.1f}" y="{y + BOX / 2 + 4.5:.1f}" fill="{colour}">{escape(text)}</text>'
        )
        if link:
            out.append(f"<a href={quoteattr(link)}>{inner}</a>")
        else:
            out.append(inner)

    def edge(x1: float, y1: float, x2: float, y2: float) -> None:
        middle = (x1 + x2) / 2
        out.append(
            f'<path d="M{x1:.1f} {y1:.1f} H{middle:.1f} V{y2:.1f} H{x2:.1f}" fill="none" '
            f'stroke="#5b6b75" stroke-width="1.5"/>'
        )

    # tree
    mid_all = TOP + ROW * len(rows) / 2 - BOX / 2 if rows else TOP
    box(environment, x_root, mid_all, root_w, label(environment), "root")
    for base in bases:
        indices = [i for i, (b, _) in enumerate(rows) if b == base]
        if not indices:
            continue
        y = (row_y(indices[0]) + row_y(indices[-1])) / 2
        edge(x_root + root_w, mid_all + BOX / 2, x_base, y + BOX / 2)
        box(base, x_base, y, base_w, label(base), "base")
        for i in indices:
            edge(x_base + base_w, y + BOX / 2, x_variant, row_y(i) + BOX / 2)
    for i, (_, variant) in enumerate(rows):
        box(variant, x_variant, row_y(i), variant_w, notation(variant) + label(variant), "variant")

    # facet matrix
    for j, facet in enumerate(facets):
        cx = x_facets + CELL * j + CELL / 2
        name = escape(label(facet))
        heading = (
            f'<text x="{cx:.1f}" y="{TOP - 10}" transform="rotate(-50 {cx:.1f} {TOP - 10})" '
            f'fill="#10242f">{name}</text>'
        )
        link = href.get(facet)
        out.append(f"<a href={quoteattr(link)}>{heading}</a>" if link else heading)
        out.append(
            f'<line x1="{cx:.1f}" y1="{TOP:.1f}" x2="{cx:.1f}" y2="{TOP + ROW * len(rows):.1f}" '
            f'stroke="#d5dde2" stroke-width="1"/>'
        )
    for i, (_, variant) in enumerate(rows):
        cy = row_y(i) + BOX / 2
        named = site.index.iris(variant, MGO + "names")
        for j, facet in enumerate(facets):
            cx = x_facets + CELL * j + CELL / 2
            count = sum(1 for value in named if site.facet_of(value) == facet)
            words = {"concept": label(variant), "facet": label(facet)}
            if not count:
                said = escape(counted("bubble_none", lang, **words))
                out.append(
                    f'<g role="img" aria-label="{said}"><title>{said}</title>'
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="2.5" fill="#9aa7b0"/></g>'
                )
                continue
            radius = min(8 + 2.2 * count, CELL / 2 - 2)
            said = escape(counted("bubble", lang, n=str(count), **words))
            out.append(
                f'<g role="img" aria-label="{said}"><title>{said}</title>'
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius:.1f}" fill="#fbe3a6" stroke="#7a5a00"/>'
                f'<text x="{cx:.1f}" y="{cy + 4.5:.1f}" text-anchor="middle" fill="#10242f" aria-hidden="true">'
                f"{count}</text></g>"
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def description(site: Site, lang: str) -> str:
    """What the picture shows, with the counts of the data (never written in a text)."""
    bases = site.base_concepts()
    variants = sum(len(site.narrower(base)) for base in bases)
    return counted("diagram_desc", lang, bases=len(bases), variants=variants)


def legend(lang: str) -> str:
    """The legend of the picture (HTML, beside it): what a box, a circle and its number mean."""
    items = [
        (f'<rect x="1" y="3" width="26" height="14" rx="3" fill="{COLOURS["root"][0]}"/>', "legend_root"),
        (f'<rect x="1" y="3" width="26" height="14" rx="3" fill="{COLOURS["base"][0]}"/>', "legend_base"),
        (
            f'<rect x="1" y="3" width="26" height="14" rx="3" fill="{COLOURS["variant"][0]}" stroke="#1d3a4f"/>',
            "legend_variant",
        ),
        (
            '<circle cx="14" cy="10" r="9" fill="#fbe3a6" stroke="#7a5a00"/>'
            '<text x="14" y="14" text-anchor="middle" font-size="11" fill="#10242f">3</text>',
            "legend_count",
        ),
        ('<circle cx="14" cy="10" r="2.5" fill="#9aa7b0"/>', "legend_none"),
    ]
    rows = "".join(
        f'<li><svg width="28" height="20" viewBox="0 0 28 20" aria-hidden="true" focusable="false">{shape}</svg>'
        f"{escape(message(key, lang))}</li>"
        for shape, key in items
    )
    return f'<ul class="legend" aria-label="{escape(message("legend", lang))}">{rows}</ul>\n'


def standalone(svg: str) -> str:
    """The diagram as a file of its own (``model.svg``): an XML declaration before the same markup."""
    return '<?xml version="1.0" encoding="utf-8"?>\n' + svg
