"""Names from the code: name_values(locals()) and draw_dot(names=...) (issue 11)."""

import pytest

from autograd import Value
from autograd.viz import draw_dot, name_values


def lecture():
    a = Value(2.0)
    b = Value(-3.0)
    c = Value(10.0)
    e = a * b
    d = e + c
    f = Value(-2.0)
    L = d * f
    return L, locals()


def test_name_values_labels_exactly_the_unlabelled_values_bound_to_names():
    L, names = lecture()
    names["b"].label = "bias?"  # a label the user typed keeps priority
    labelled = name_values(names)
    assert [v.label for v in labelled] == ["a", "c", "e", "d", "f", "L"]
    assert names["b"].label == "bias?"
    assert "<TD>e</TD>" in draw_dot(L).source


def test_nn_labels_are_kept():
    w = Value(0.5, label="L1.n0.w0")
    x = Value(2.0)
    out = w * x
    name_values({"w": w, "x": x, "out": out})
    assert (w.label, x.label, out.label) == ("L1.n0.w0", "x", "out")


def test_limits_first_name_wins_private_names_skipped_lists_indexed_temporaries_unnamed():
    x = Value(1.0)
    xs = [Value(2.0), Value(3.0), "not a value"]
    total = x * xs[0] + xs[1]  # the x * xs[0] product is a temporary: never named
    name_values({"first": x, "second": x, "_hidden": total, "xs": xs, "total": total})
    assert x.label == "first"
    assert [v.label for v in xs[:2]] == ["xs[0]", "xs[1]"]
    assert total.label == "total"
    assert total.children[0].label == ""
    assert '<FONT COLOR="#6b7280">mul#1</FONT>' in draw_dot(total).source


def test_draw_dot_names_changes_no_value():
    L, names = lecture()
    source = draw_dot(L, names=names).source
    assert "<TD>d</TD>" in source and "<TD>L</TD>" in source
    assert all(not value.label for value in names.values() if isinstance(value, Value))


@pytest.mark.parametrize("bad", [[("x", Value(1.0))], "x", None])
def test_names_must_be_a_mapping(bad):
    with pytest.raises(TypeError, match="name_values: names must be a mapping"):
        name_values(bad)
