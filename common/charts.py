"""The one accessible bar chart: geometry for the server-drawn SVG and its data table.

`bar_chart` shapes rows into what `common/bar_chart.html` draws: horizontal bars, one segment
per series (stacked), a title and description for assistive technology, and a visible table
of the same figures with a caption and header scopes. No JavaScript, nothing to fetch.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    """One measure drawn as a bar segment and given a table column."""

    key: str
    heading: str
    css_class: str = "app-chart-bar"


@dataclass(frozen=True)
class Column:
    """A table-only column, formatted with `template` (for example "{}%")."""

    key: str
    heading: str
    template: str = "{}"


def bar_chart(
    rows: Sequence[dict],
    *,
    chart_id: str,
    title: str,
    label_heading: str,
    series: Sequence[Series],
    caption: str = "",
    description: str = "The same figures are in the table below.",
    columns: Sequence[Column] = (),
    width: int = 640,
    label_width: int = 220,
    bar_height: int = 24,
    gap: int = 8,
) -> dict:
    """Everything the chart template needs; each row is a dict with "label" and series keys."""
    # Room to the right of the longest bar for its figures.
    bar_area = width - label_width - 150
    peak = max((sum(row[s.key] for s in series) for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = index * (bar_height + gap)
        x = label_width
        segments = []
        for s in series:
            length = round(bar_area * row[s.key] / peak)
            title_text = f"{row['label']}: {row[s.key]}"
            if len(series) > 1:
                title_text += f" {s.heading.lower()}"
            segments.append(
                {"x": x, "width": length, "css_class": s.css_class, "title": title_text}
            )
            x += length
        if len(series) > 1:
            value_text = ", ".join(f"{row[s.key]} {s.heading.lower()}" for s in series)
        else:
            value_text = str(row[series[0].key])
        bars.append(
            {
                "label": row["label"],
                "y": y,
                "text_y": y + round(bar_height * 0.7),
                "segments": segments,
                "value_x": x + 6,
                "value_text": value_text,
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "description": description,
        "caption": caption or title,
        "width": width,
        "height": max(len(rows) * (bar_height + gap), bar_height + gap),
        "bar_height": bar_height,
        "bars": bars,
        "headings": [label_heading, *(s.heading for s in series), *(c.heading for c in columns)],
        "rows": [
            {
                "label": row["label"],
                "cells": [row[s.key] for s in series]
                + [c.template.format(row[c.key]) for c in columns],
            }
            for row in rows
        ],
    }
