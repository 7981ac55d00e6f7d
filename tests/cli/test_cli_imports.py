"""The command line imports each service only inside the command that uses it (start-up, P4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_the_command_line_imports_each_service_only_for_its_command(repo_root: Path) -> None:
    code = (
        "import json, sys; import app.cli; app.cli.build_parser().parse_args(['result', 'x.countdesk']); "
        "print(json.dumps(sorted(sys.modules)))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=repo_root,
                         env=dict(os.environ, PYTHONPATH=str(repo_root)), timeout=60, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    modules = json.loads(run.stdout)
    services = [name for name in modules if name.startswith("app.services.")]
    assert sorted(services) == ["app.services.errors", "app.services.output_names"]
    assert not [name for name in modules if name.startswith(("app.store", "app.reports", "sqlite_utils"))]
