"""The one accessible bar chart: bars scaled to the largest total, stacked series, and the
same figures in a table with a caption and header scopes."""

from django.template.loader import render_to_string

from common.charts import Column, Series, bar_chart


def test_bars_are_scaled_to_the_largest_total_and_series_stack():
    chart = bar_chart(
        [{"label": "A", "late": 2, "due": 2}, {"label": "B", "late": 1, "due": 0}],
        chart_id="c",
        title="Late and due",
        label_heading="What",
        series=[Series("late", "Late"), Series("due", "Due")],
        width=640,
        label_width=220,
    )
    first, second = chart["bars"]
    # 640 - 220 - 150 = 270 units for the longest bar (A: 4).
    assert [(s["x"], s["width"]) for s in first["segments"]] == [(220, 135), (355, 135)]
    assert [(s["x"], s["width"]) for s in second["segments"]] == [(220, 68), (288, 0)]
    assert first["value_text"] == "2 late, 2 due"
    assert first["segments"][0]["title"] == "A: 2 late"
    assert chart["headings"] == ["What", "Late", "Due"]
    assert chart["rows"] == [{"label": "A", "cells": [2, 2]}, {"label": "B", "cells": [1, 0]}]


def test_the_chart_renders_as_a_named_image_with_a_table_of_its_figures():
    chart = bar_chart(
        [{"label": "Submitted", "count": 3, "percent": 100}],
        chart_id="funnel",
        title="How far applications got",
        caption="Applications reaching each stage",
        label_heading="Stage",
        series=[Series("count", "Applications")],
        columns=[Column("percent", "Of those submitted", "{}%")],
    )
    html = render_to_string("common/bar_chart.html", {"chart": chart})
    assert 'role="img" aria-labelledby="funnel-title" aria-describedby="funnel-desc"' in html
    assert '<title id="funnel-title">How far applications got</title>' in html
    assert "<caption>Applications reaching each stage</caption>" in html
    assert '<th scope="col">Of those submitted</th>' in html
    assert '<tr><th scope="row">Submitted</th><td>3</td><td>100%</td></tr>' in html


def test_an_empty_chart_still_has_a_height():
    chart = bar_chart(
        [], chart_id="e", title="Nothing", label_heading="What", series=[Series("n", "N")]
    )
    assert (chart["bars"], chart["height"]) == ([], 32)
