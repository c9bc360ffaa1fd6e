"""Kill -9 during `epc passwd --rotate-key`, a few times at random moments (the
`key_rotation` scenario of benchmarks/fault_runs.py repeats it 20 times on the typical vault)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from benchmarks.fault_rotation import kill_during_key_rotation, prepare_template
from benchmarks.fictional_vault import VaultSize, build_vault

SMALL = VaultSize("small", people=40, check_ins=120, notes=400)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A fictional vault with 400 notes and a known recovery code, built once."""
    directory = tmp_path_factory.mktemp("modele") / "coffre"
    build_vault(directory, SMALL)
    return directory, prepare_template(directory)


def test_kill_during_key_rotation_a_few_times(tmp_path: Path, template: tuple[Path, str]) -> None:
    """Three kills at random moments: each time the passphrase opens the vault with every
    note, the recovery code matching the key in place works (the new one known even when the
    kill came before it was printed), the old key file is refused once the key changed, and
    the real `epc check` passes."""
    directory, code = template
    rng = random.Random(7)
    results = []
    for run in range(3):
        workdir = tmp_path / f"essai {run}"
        workdir.mkdir()
        results.append(kill_during_key_rotation(workdir, rng, directory, code))
    assert all(result.ok for result in results), results
    assert any(result.interrupted for result in results), results
