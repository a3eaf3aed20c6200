"""Fingerprints survive a new port or a move between http and https, but keep external hosts."""

from __future__ import annotations

from checks.runner import fingerprint, stable_url


def test_own_host_urls_count_by_path_and_query():
    site = "http://127.0.0.1:8000/"
    assert stable_url("http://127.0.0.1:8000/a/b.html?x=1", site) == "/a/b.html?x=1"
    assert stable_url("http://127.0.0.1:8000", site) == "/"


def test_external_hosts_and_other_ports_keep_the_full_url():
    site = "http://127.0.0.1:8000/"
    assert stable_url("http://127.0.0.1:1/cggg/index.html", site) == "http://127.0.0.1:1/cggg/index.html"
    assert stable_url("https://www.ccgp.gov.cn/x", site) == "https://www.ccgp.gov.cn/x"
    assert stable_url("audit.column", site) == "audit.column"  # rule-error findings carry a rule id
    assert stable_url(None, site) == ""


def test_same_finding_on_another_port_or_scheme_has_the_same_fingerprint():
    a = fingerprint("link.broken", "县民政局", None, "http://127.0.0.1:8000/x/t_1.html", None,
                    "http://127.0.0.1:8000/")
    b = fingerprint("link.broken", "县民政局", None, "http://127.0.0.1:9123/x/t_1.html", None,
                    "http://127.0.0.1:9123/")
    assert a == b
    c = fingerprint("link.broken", "县民政局", None, "http://www.x.gov.cn/x/t_1.html", None,
                    "http://www.x.gov.cn/")
    d = fingerprint("link.broken", "县民政局", None, "https://www.x.gov.cn/x/t_1.html", None,
                    "https://www.x.gov.cn/")
    assert c == d


def test_external_targets_stay_distinct_from_own_paths():
    site = "http://127.0.0.1:8000/"
    own = fingerprint("link.broken", "县交通局", None, "http://127.0.0.1:8000/cggg/index.html", None, site)
    ext = fingerprint("link.broken", "县交通局", None, "http://127.0.0.1:1/cggg/index.html", None, site)
    assert own != ext
