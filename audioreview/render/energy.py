"""A narration's BS.1770 block energies composed from its pieces, without measuring it again.

Integrated loudness needs the K-weighted energy of every 100 ms hop of the
file (four hops make a 400 ms gating block). The file is its pieces laid end
to end: takes, stings, and the silence between them. K-weighting is linear,
so the filtered file is the sum of each piece filtered on its own, and where
two pieces' filtered signals do not overlap, the energies simply add.

So each piece keeps an :class:`EnergyProfile`: the K-weighted energy of the
piece, filtered as if silence came before it, in sub-blocks of about 1 ms
from its first sample, running on past its end for the filter's ring-out.
A take's profile is kept with the take (``render.assemble``), and the file's
hops are summed from the profiles at the pieces' offsets. A hop edge that
falls inside a sub-block takes its share in proportion, so a hop is off by
at most part of one sub-block's energy at each edge (well under 0.01 LU on
speech; the tests compare against the measured file). Pieces whose
ring-outs run into the next piece (a pause shorter than the filter's
~0.2 s tail) add a cross term the composition leaves out: that tail is
at least 60 dB under the speech, so it does not show.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import dsp

HOP_S = 0.1
"""BS.1770's 100 ms step (a 400 ms block is four)."""
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0


def step_of(rate: int) -> int:
    """Samples per sub-block: about 1 ms."""
    return max(1, round(rate / 1000))


def hop_of(rate: int) -> int:
    """Samples per 100 ms hop, as the meter counts them."""
    return int(round(rate * HOP_S))


def gated_loudness(hops: np.ndarray, hop: int) -> float:
    """Integrated loudness (LUFS) from the K-weighted energy of each 100 ms hop (-inf for silence or < 400 ms)."""
    if len(hops) < 4:
        return -math.inf
    # 400 ms blocks, 75 % overlap: four consecutive 100 ms hops.
    power = (hops[:-3] + hops[1:-2] + hops[2:-1] + hops[3:]) / (4 * hop)
    with np.errstate(divide="ignore"):
        loud = -0.691 + 10 * np.log10(power)
    gated = power[loud > ABSOLUTE_GATE]
    if len(gated) == 0:
        return -math.inf
    relative = -0.691 + 10 * math.log10(gated.mean()) + RELATIVE_GATE
    gated = power[(loud > ABSOLUTE_GATE) & (loud > relative)]
    return -0.691 + 10 * math.log10(gated.mean()) if len(gated) else -math.inf


@dataclass(frozen=True, slots=True)
class EnergyProfile:
    """A piece's K-weighted energy per sub-block of ``step`` samples, from its first sample, ring-out included."""

    rate: int
    step: int
    energy: np.ndarray
    """float64, one value per sub-block."""

    def to_bytes(self) -> bytes:
        """The profile as stored beside a take."""
        head = np.array([self.rate, self.step], dtype="<i8").tobytes()
        return head + self.energy.astype("<f8").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> EnergyProfile:
        """The profile ``to_bytes`` stored."""
        rate, step = (int(v) for v in np.frombuffer(data[:16], dtype="<i8"))
        return cls(rate, step, np.frombuffer(data[16:], dtype="<f8").copy())


def profile(samples: np.ndarray, rate: int, weighting: dsp.KWeighting) -> EnergyProfile:
    """The profile of mono int16 ``samples``; ``weighting`` is a fresh K-weighting filter for ``rate``."""
    step = step_of(rate)
    x = samples.astype(np.float32) / np.float32(32768.0)
    ring = weighting.taps - 1
    y = weighting(np.concatenate([x, np.zeros(ring, dtype=np.float32)]))
    squared = y.astype(np.float64) ** 2
    count = -(-len(squared) // step)
    padded = np.zeros(count * step)
    padded[: len(squared)] = squared
    return EnergyProfile(rate, step, padded.reshape(count, step).sum(axis=1))


def compose_hops(pieces: Sequence[tuple[int, EnergyProfile]], frames: int, rate: int) -> np.ndarray:
    """The K-weighted energy of each whole 100 ms hop of a file of ``frames`` samples made of ``pieces``.

    Each piece is (its first sample's offset in the file, its profile).
    """
    hop = hop_of(rate)
    count = frames // hop
    edges = np.arange(count + 1, dtype=np.float64) * hop
    total = np.zeros(count + 1)
    for offset, prof in pieces:
        if prof.rate != rate:
            raise ValueError(f"a profile at {prof.rate} Hz in a file at {rate} Hz")
        # The piece's cumulative energy at each hop edge, read on its sub-block grid.
        cumulative = np.concatenate([[0.0], np.cumsum(prof.energy)])
        grid = np.arange(len(cumulative), dtype=np.float64) * prof.step
        total += np.interp(edges - offset, grid, cumulative)
    return np.diff(total)


def composed_loudness(pieces: Sequence[tuple[int, EnergyProfile]], frames: int, rate: int) -> float:
    """Integrated loudness (LUFS) of the file ``pieces`` make, at unit gain."""
    return gated_loudness(compose_hops(pieces, frames, rate), hop_of(rate))
