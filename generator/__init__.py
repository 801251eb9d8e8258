"""Turns Huawei Cloud API reference pages into an OpenAPI spec and a typed Python client."""

__version__ = "0.1.0"
