"""The one registry through which apps plug into the core (communities.registry), and the rule
that the core never depends on `imo`: no module under communities/ imports it and no
communities template loads an IMO tag library."""

import ast
import datetime
import pathlib
import re

import pytest
from django.template import Context, Template

from communities import registry
from communities.outreach.services import attention_list

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_no_communities_module_imports_imo():
    offenders = []
    for path in (ROOT / "communities").rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path}: {n}" for n in names if n == "imo" or n.startswith("imo.")]
    assert not offenders


def test_no_communities_template_loads_an_imo_tag_library():
    load = re.compile(r"{%\s*load\s+([^%]*)%}")
    for path in (ROOT / "templates" / "communities").rglob("*.html"):
        for libraries in load.findall(path.read_text()):
            assert "imo" not in libraries, path


def test_the_imo_plugs_in_through_the_registry():
    assert [p.name for p in registry.panels("community")][:1] == ["imo"]
    assert "imo" in [p.name for p in registry.panels("home")]
    assert any(s.__module__ == "imo.attention" for s in registry.attention_sources())
    assert any(s.__module__ == "imo.demo" for s in registry.demo_seeders())
    assert any(s.__module__ == "imo.synthetic" for s in registry.synthetic_extenders())


def test_a_panel_renders_with_its_own_context_and_only_when_it_has_one(settings, tmp_path):
    (tmp_path / "panel.html").write_text("<p>Hallo {{ who }}</p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]

    class Visitor:  # not signed in: the IMO's own home block stays away
        is_authenticated = False

        def __init__(self, name):
            self.name = name

        def __str__(self):
            return self.name

    def context(user, community):
        return {"who": user} if user.name == "Anna" else None

    registry.register_panel(page="home", name="test", template="panel.html", context=context)
    registry.register_panel(page="home", name="test", template="other.html", context=context)
    try:
        tag = Template('{% load community_tags %}{% app_panels "home" who %}')
        html = tag.render(Context({"who": Visitor("Anna")}))
        assert "<p>Hallo Anna</p>" in html and html.count("Hallo") == 1
        assert "Hallo" not in tag.render(Context({"who": Visitor("Bram")}))
    finally:
        registry._PANELS.pop(("home", "test"), None)


def test_an_unknown_page_is_refused():
    with pytest.raises(ValueError):
        registry.register_panel(page="elders", name="x", template="x.html", context=dict)


@pytest.mark.django_db
def test_attention_sources_and_demo_seeders_register_once(world):
    calls = []

    def source(community, today):
        calls.append(community)
        return []

    registry.register_attention_source(source)
    registry.register_attention_source(source)
    try:
        attention_list(community=world.community, today=datetime.date(2025, 1, 1))
        assert calls == [world.community]
    finally:
        registry.unregister_attention_source(source)
    seed = registry.register_demo_seeder(lambda **kwargs: None)
    registry.register_demo_seeder(seed)
    assert registry.demo_seeders().count(seed) == 1
    registry._DEMO_SEEDERS.remove(seed)
