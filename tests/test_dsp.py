"""The numpy filters agree with the scipy functions they stand in for."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage, optimize, signal

from audioreview.render import dsp
from audioreview.render.loudness import PHASES, k_weighting
from audioreview.speech.rate import nnls


def test_lowpass_taps_are_firwin() -> None:
    ours = dsp.lowpass_taps(48, 0.25, beta=6.0)
    np.testing.assert_allclose(ours, signal.firwin(48, 0.25, window=("kaiser", 6.0)), atol=1e-15)


def test_fir_is_lfilter() -> None:
    x = np.random.default_rng(1).standard_normal(50_000).astype(np.float32)
    for taps in PHASES:
        np.testing.assert_allclose(dsp.fir(taps, x), signal.lfilter(taps, 1.0, x), atol=1e-6)


@pytest.mark.parametrize("rate", [16000, 22050, 24000, 44100, 48000])
def test_k_weighting_is_sosfilt_streamed_across_blocks(rate: int) -> None:
    sos = k_weighting(rate)
    x = np.random.default_rng(rate).standard_normal(rate * 7 + 13) * 0.2
    x[rate : rate + 50] = 0.99  # a step the filter rings on
    expected = signal.sosfilt(sos, x)
    kw = dsp.KWeighting(sos)
    got = np.concatenate([kw(x[a : a + 40_000]) for a in range(0, len(x), 40_000)])
    np.testing.assert_allclose(got, expected, atol=2e-6)  # float32 against float64
    assert kw(np.zeros(0)).size == 0


def test_k_weighting_cut_leaves_under_the_tail_budget() -> None:
    sos = k_weighting(22050)
    kw = dsp.KWeighting(sos)
    long = dsp.biquad_response(sos, 4 * kw.taps)
    assert np.abs(long[kw.taps :]).sum() < dsp.TAIL


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(-1e3, 1e3, allow_nan=False, width=32), min_size=1, max_size=400),
    st.integers(0, 60).map(lambda k: 2 * k + 1),
)
def test_running_min_and_mean_are_ndimage(values: list[float], size: int) -> None:
    x = np.array(values, dtype=np.float32)
    np.testing.assert_array_equal(dsp.running_min(x, size), ndimage.minimum_filter1d(x, size, mode="nearest"))
    np.testing.assert_allclose(
        dsp.moving_mean(x, size), ndimage.uniform_filter1d(x, size, mode="nearest"), rtol=1e-5, atol=1e-3
    )


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 40))
def test_small_nnls_is_scipys(seed: int, rows: int) -> None:
    rng = np.random.default_rng(seed)
    design = rng.standard_normal((rows, 3)) * rng.choice([0.1, 1.0, 10.0], 3)
    target = rng.standard_normal(rows) * 5
    expected, _ = optimize.nnls(design, target)
    got = nnls(design, target)
    assert (got >= 0).all()
    assert np.linalg.norm(design @ got - target) <= np.linalg.norm(design @ expected - target) + 1e-9
    np.testing.assert_allclose(got, expected, atol=1e-6)
