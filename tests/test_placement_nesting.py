"""Which unit a column is nested in (crawler/spiders/placement.py `nesting_unit`): the unit
whose landing directory is the longest strict prefix of the column's path."""

from crawler.spiders.placement import nesting_unit

UNITS = {"/": 0, "/xxgk/": 0, "/xxgk/bmxxgk/jyj/": 0, "/xxgk/bmxxgk/jyj/xx/": 0,
         "//127.0.0.2/": 0, "/list.jsp?id=1/": 0, "/zfxxgk/index.html": 0}


def test_the_deepest_unit_above_the_column_owns_it():
    assert nesting_unit("/xxgk/bmxxgk/jyj/fdzdgknr/ghjh/", UNITS) == "/xxgk/bmxxgk/jyj/"
    assert nesting_unit("/xxgk/bmxxgk/jyj/xx/tzgg/", UNITS) == "/xxgk/bmxxgk/jyj/xx/"
    assert nesting_unit("/xxgk/bmxxgk/mzj/tzgg/", UNITS) == "/xxgk/"


def test_a_unit_does_not_nest_its_own_landing_directory():
    assert nesting_unit("/xxgk/bmxxgk/jyj/", UNITS) == "/xxgk/"
    assert nesting_unit("/xxgk/bmxxgk/jyj/xx", UNITS) == "/xxgk/bmxxgk/jyj/"


def test_the_site_root_a_query_and_a_page_say_nothing_about_ownership():
    assert nesting_unit("/news/tzgg/", UNITS) is None
    assert nesting_unit("/list.jsp?id=1/2/", UNITS) is None
    assert nesting_unit("/zfxxgk/index.html/x/", UNITS) is None


def test_a_unit_on_its_own_host_root_owns_that_host_and_offsite_keys_none():
    assert nesting_unit("//127.0.0.2/tzgg/", UNITS) == "//127.0.0.2/"
    assert nesting_unit("http://127.0.0.2/tzgg/", UNITS) is None
