"""Safe display helpers: escaping for HTML and logs, literal matplotlib labels."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from framelab.display import (  # noqa: E402
    html_text,
    is_right_to_left,
    log_value,
    plain_text_plots,
    plot_label,
)


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<script>alert("x")</script>') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )
    assert html_text(None) == ""
    assert html_text(42) == "42"


def test_log_value_cannot_forge_a_line():
    value = log_value("id-1\nERROR something else")
    assert "\n" not in value
    assert value.startswith("'") and "\\n" in value


def test_plot_label_shapes_right_to_left_only():
    assert plot_label("Daily Courier") == "Daily Courier"
    shaped = plot_label("صحيفة الغد")
    assert is_right_to_left(shaped)
    assert shaped != "صحيفة الغد"  # reshaped into presentation forms, visual order


def test_tex_like_outlet_name_draws_literally(tmp_path):
    plain_text_plots()
    fig, ax = plt.subplots()
    ax.set_title(plot_label(r"$\undefinedmacro$ Weekly"))
    ax.barh([plot_label("$x^$")], [1])
    fig.savefig(tmp_path / "plot.png")  # mathtext would raise a ValueError here
    plt.close(fig)
    assert (tmp_path / "plot.png").stat().st_size > 0
