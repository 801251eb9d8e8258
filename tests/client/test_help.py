"""What a user reads in `help()`, an IDE hover and a model's JSON Schema: the pages' words."""

from __future__ import annotations

import ast
import inspect
import pydoc
import sys
from pathlib import Path

from elb_client import ElbClient, models

DESCRIPTION = "Specifies the load balancing algorithm used by the load balancer to route requests"


def test_help_on_a_model_shows_each_fields_description() -> None:
    text = pydoc.render_doc(models.CreatePoolOption, renderer=pydoc.plaintext)  # type: ignore[attr-defined]
    assert "Attributes:" in text
    assert "lb_algorithm: " + DESCRIPTION in " ".join(text.split())


def test_the_json_schema_describes_the_model_and_each_property() -> None:
    schema = models.CreatePoolOption.model_json_schema()
    assert "Attributes:" not in schema.get("description", "")
    assert schema["properties"]["lb_algorithm"]["description"].startswith(DESCRIPTION)
    response = models.ListLoadBalancersLoadBalancer.model_json_schema()
    assert response["properties"]["id"]["description"] == "Specifies the load balancer ID."


def test_each_field_has_the_docstring_an_ide_shows_on_hover() -> None:
    """The statement after a field is its docstring (PEP 257 attribute docstrings)."""
    source = Path(sys.modules[models.CreatePoolOption.__module__].__file__ or "")
    tree = ast.parse(source.read_text(encoding="utf-8"))
    [cls] = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "CreatePoolOption"]
    documented = {
        field.target.id: str(follower.value.value)
        for field, follower in zip(cls.body, cls.body[1:], strict=False)
        if isinstance(field, ast.AnnAssign)
        and isinstance(field.target, ast.Name)
        and isinstance(follower, ast.Expr)
        and isinstance(follower.value, ast.Constant)
    }
    assert documented["lb_algorithm"].startswith(DESCRIPTION)


def test_help_on_a_method_shows_its_arguments_and_what_it_returns() -> None:
    text = inspect.getdoc(ElbClient.list_load_balancers) or ""
    assert text.startswith("Querying Load Balancers")
    assert "Args:\n    marker:" in text
    assert "yields every item of every page" in " ".join(text.split())
    assert "limit" in inspect.signature(ElbClient.list_load_balancers).parameters
