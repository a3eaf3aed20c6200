"""Fingerprints survive a new port or a move between http and https, but keep external hosts."""

from __future__ import annotations

import random

from checks.runner import _own_prefixes, _stable_url_split, fingerprint, stable_url


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


def test_the_shortcut_for_own_urls_cuts_what_splitting_would():
    # stable_url takes path and query of a URL on the site's netloc as written without
    # splitting it; over URLs mixing schemes, case, ports, userinfo, queries, fragments,
    # backslashes, spaces, tabs and non-ASCII it must give what the split definition gives
    rnd = random.Random(7)
    sites = ["http://127.0.0.1:8000/", "https://www.x.gov.cn/", "http://WWW.X.GOV.CN",
             "http://www.x.gov.cn:80/a/", "http://u@www.x.gov.cn/", "http://[::1]:8080/",
             "http://127.0.0.1:bad/", "http://县政府.cn/"]
    heads = ["http://", "https://", "HTTP://", "http:/", "", " http://", "\thttp://"]
    hosts = ["127.0.0.1:8000", "127.0.0.1:8001", "www.x.gov.cn", "WWW.X.GOV.CN",
             "www.x.gov.cn:80", "www.x.gov.cn:443", "u@www.x.gov.cn", "[::1]:8080",
             "127.0.0.1:bad", "县政府.cn", "www.x.gov.cn.evil.cn"]
    pieces = ["/", "a", "b.html", "?", "x=1", "&", "#", "frag", "\\", " ", "\t", "\n", "%20",
              "政务公开", "//", "?#", "@", ":"]
    checked = 0
    for _ in range(20000):
        site = rnd.choice(sites)
        own = site.split("//", 1)[1].split("/", 1)[0]  # half the URLs on the site's netloc
        host = own if rnd.random() < 0.5 else rnd.choice(hosts)
        url = rnd.choice(heads) + host + ("/" if rnd.random() < 0.7 else "") + \
            "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        assert stable_url(url, site) == _stable_url_split(url, site), (url, site)
        checked += url.startswith(_own_prefixes(site))
    assert checked > 1000  # the shortcut was taken often
