"""Changes: the flags a write returns and the window broadcasts."""

from __future__ import annotations

from core.changes import NO_CHANGES, Changes


def test_flags_combine_and_say_what_they_touch() -> None:
    both = Changes(units=True) | Changes(honours=True)
    assert both == Changes(units=True, honours=True)
    assert both.flags() == ("units", "honours")
    assert both.touches("honours", "materials") and not both.touches("materials", "reports")
    assert not NO_CHANGES and both


def test_legacy_names_map_both_ways() -> None:
    assert Changes.of("honour") == Changes(honours=True)
    assert Changes.of("honour").legacy_name() == "honour"
    assert Changes.of("all") == Changes.everything()
    assert Changes.everything().legacy_name() == "all"
    assert (Changes(units=True) | Changes(materials=True)).legacy_name() == "all"
    assert not Changes.of("nonsense")
