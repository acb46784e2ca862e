"""Compiled templates kept between runs: the same text, whatever state the cache is in."""

from __future__ import annotations

import jinja2
import pytest

from solver.render.environment import templates_dir
from solver.render.template_cache import SUBFOLDER, TemplateCache, cache_folder, template_cache

TEMPLATE = "grade/feedback.md.jinja"


def environment_with(cache) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())),
                              bytecode_cache=cache)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HWSOLVER_CACHE_DIR", str(tmp_path))
    return tmp_path / SUBFOLDER


def test_the_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("HWSOLVER_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "hwsolver" / SUBFOLDER
    monkeypatch.setenv("HWSOLVER_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine" / SUBFOLDER
    monkeypatch.setenv("HWSOLVER_CACHE_DIR", "")
    assert cache_folder() is None and template_cache() is None


def test_a_second_environment_loads_what_the_first_compiled(cache_dir, monkeypatch):
    cache = template_cache()
    assert isinstance(cache, TemplateCache) and cache_dir.is_dir()
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    first = environment_with(cache).get_template(TEMPLATE)
    assert len(list(cache_dir.iterdir())) >= 1

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    second = environment_with(template_cache()).get_template(TEMPLATE)
    assert second.render.__code__.co_code == first.render.__code__.co_code


def test_an_entry_cut_short_is_compiled_again(cache_dir):
    environment_with(template_cache()).get_template(TEMPLATE)
    for entry in cache_dir.iterdir():
        entry.write_bytes(entry.read_bytes()[:40])
    again = environment_with(template_cache()).get_template(TEMPLATE)
    fresh = environment_with(None).get_template(TEMPLATE)
    assert again.render.__code__.co_code == fresh.render.__code__.co_code


def test_a_folder_others_may_write_to_is_not_used(cache_dir):
    cache_dir.mkdir(parents=True)
    cache_dir.chmod(0o777)
    assert template_cache() is None


def test_a_folder_that_cannot_be_written_is_no_cache_and_no_error(cache_dir):
    cache = template_cache()
    cache_dir.chmod(0o500)
    try:
        template = environment_with(cache).get_template(TEMPLATE)
        assert template.render.__code__.co_code
        assert list(cache_dir.iterdir()) == [] or cache_dir.stat().st_uid == 0
    finally:
        cache_dir.chmod(0o700)


def test_a_file_where_the_folder_should_be_is_no_cache(cache_dir):
    cache_dir.parent.mkdir(parents=True, exist_ok=True)
    cache_dir.write_text("not a folder")
    assert template_cache() is None
