"""The benchmark measures a tool's own process: its peak memory is not the (large) parent's,
its CPU time is its own with its children's apart (bench/measure.py, bench/procs.py)."""

from __future__ import annotations

import textwrap

from bench.procs import run_tool

TOOL = textwrap.dedent("""
    import subprocess, sys, time
    block = bytearray(40 * 2**20)  # 40 MB touched
    for i in range(0, len(block), 4096):
        block[i] = 1
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
    subprocess.run([sys.executable, "-c",
                    "import time\\nend = time.process_time() + 0.3\\n"
                    "while time.process_time() < end: pass"], check=True)
    print("done")
""")


def test_a_tool_is_measured_by_its_own_process_not_its_parent(tmp_path):
    script = tmp_path / "tool.py"
    script.write_text(TOOL, encoding="utf-8")
    parent_ballast = bytearray(300 * 2**20)  # the parent is large, as the old bench was
    for i in range(0, len(parent_ballast), 4096):
        parent_ballast[i] = 1
    result = run_tool(["-s", str(script)], cwd=tmp_path, timeout=120)
    assert result["rc"] == 0 and result["stdout"].strip() == "done"
    assert 40 <= result["peak_rss_mb"] < 200  # the tool's 40 MB, not the parent's 300
    assert result["cpu_s"] >= 0.25  # its own loop
    assert result["children_cpu_s"] >= 0.25  # its child's loop, apart
    assert result["cpu_total_s"] >= result["cpu_s"] + 0.25
    assert len(result["load_before"]) == 3 and result["wall_s"] >= 0.5
    del parent_ballast


def test_a_tool_past_its_time_is_killed_and_said_so(tmp_path):
    script = tmp_path / "slow.py"
    script.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    result = run_tool(["-s", str(script)], cwd=tmp_path, timeout=1)
    assert result["timed_out"] and result["rc"] != 0 and result["wall_s"] < 30
