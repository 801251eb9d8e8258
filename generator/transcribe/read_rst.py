"""Reads a reStructuredText page (the source these clouds' documentation portals are built
from) into the page model, with docutils.

The pages are written for Sphinx, which adds roles (`:ref:`) and directives (`code-block`,
`toctree`) docutils does not know. They are registered here for the parse only: an unknown
role keeps its text, an unknown directive keeps its content, and `:ref:` becomes a `Link` to the
anchor of the table it names. Anything docutils drops from the page (a grid table it cannot
parse, an inconsistent title) is an error naming the line: never silently lost text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from docutils import nodes, utils
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles
from docutils.utils import SystemMessage

from generator.diagnostics import Location, clip, error
from generator.transcribe.assemble import PageAssembler
from generator.transcribe.grid import expand_spans
from generator.transcribe.page import Cell, Link, Page
from generator.transcribe.rst_fast_paths import ascii_fast_paths
from generator.transcribe.vocabulary import normalise

# Roles docutils itself renders as text; every other role in a page is given `_text_role`.
_NATIVE_ROLES = frozenset(
    {
        "emphasis",
        "strong",
        "literal",
        "code",
        "subscript",
        "sub",
        "superscript",
        "sup",
        "title-reference",
        "title",
        "t",
    }
)
# Directives docutils itself handles and whose output this reader walks.
_NATIVE_DIRECTIVES = frozenset(
    {
        "table",
        "list-table",
        "csv-table",
        "note",
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "tip",
        "warning",
        "admonition",
        "container",
        "rubric",
        "topic",
        "sidebar",
        "line-block",
        "parsed-literal",
        "compound",
    }
)
# Sphinx directives that carry no page text (navigation, highlighting settings).
_SILENT_DIRECTIVES = frozenset({"toctree", "highlight", "index", "meta", "tabularcolumns"})
_LITERAL_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "literalinclude"})
_ROLE_USE = re.compile(r"(?<![\w`]):([A-Za-z][\w.+-]*(?::[\w.+-]+)?):`")
# Wherever a directive can start: a line, a table cell, a list item, a line block.
_DIRECTIVE_USE = re.compile(r"(?<![^\s|])\.\.[ \t]+([A-Za-z][\w.+:-]*)[ \t]*::")
# `Title <target>`, the explicit form of a cross-reference.
_EXPLICIT_TARGET = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)
_SETTINGS = {
    # Pages are untrusted: nothing is read from other files or passed through raw. These are
    # docutils' defaults, which its configuration files (./docutils.conf, ~/.docutils,
    # /etc/docutils.conf, $DOCUTILSCONFIG) override: they are not read.
    "_disable_config": True,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": False,
    "doctitle_xform": False,
    "docinfo_xform": False,
    "sectsubtitle_xform": False,
    "syntax_highlight": "none",
    "input_encoding": "unicode",
    "character_level_inline_markup": False,
    # As Sphinx shows the page (its default): typographic quotes, so both forms read alike.
    "smart_quotes": True,
}
# Metadata fields at the head of a page (`:original_name: AddHostsGroup.html`).
_NAME_FIELD = "original_name"
# Control characters, but NUL: docutils marks a backslash-escaped character with one.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Guards against hostile nesting; docutils recurses once per level.
_MAX_DEPTH = 120


def _text_role(
    name: str, rawtext: str, text: str, *_context: Any, **_options: Any
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """A role docutils does not know, read as Sphinx shows it: `:ref:`Title <anchor>`` is a
    link to `anchor` showing `Title`; any other role shows its text (the title, if explicit)."""
    text = utils.unescape(text)
    match = _EXPLICIT_TARGET.match(text)
    title, target = (match.group(1), match.group(2)) if match else (text, text)
    if name.rsplit(":", 1)[-1] in ("ref", "numref"):
        node = nodes.reference(rawtext, title or target, refid=nodes.make_id(target))
        return [node], []
    return [nodes.inline(rawtext, title or target)], []


class _AnyOptions(dict[str, Callable[[str], Any]]):
    """An option spec that accepts every option: a Sphinx directive's options are not ours."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


class _ContentDirective(Directive):
    """A directive docutils does not know: its arguments, options (`name: value`) and content
    stay on the page, as text."""

    optional_arguments = 64
    final_argument_whitespace = True
    has_content = True
    # Not empty: docutils reads an options block only when the spec is truthy.
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = _AnyOptions(name=directives.unchanged)

    def run(self) -> list[nodes.Node]:
        container = nodes.container()
        if self.arguments:
            container += nodes.paragraph(text=" ".join(self.arguments))
        for name, value in self.options.items():
            container += nodes.paragraph(text=f"{name}: {value}" if value else name)
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, container)
        return [container]


class _LiteralDirective(_ContentDirective):
    """`code-block` and its kin: the content verbatim, as Sphinx shows it."""

    def run(self) -> list[nodes.Node]:
        return [nodes.literal_block("\n".join(self.content), "\n".join(self.content))]


class _SilentDirective(_ContentDirective):
    def run(self) -> list[nodes.Node]:
        return []


@contextmanager
def _sphinx_markup(text: str) -> Iterator[None]:
    """Registers the roles and directives `text` uses that docutils lacks, for one parse.

    docutils keeps its registries in module globals; they are restored afterwards, as Sphinx
    does, so reading a page changes nothing for other docutils users in the process.
    """
    saved_roles = dict(roles._roles)  # type: ignore[attr-defined]
    saved_directives = dict(directives._directives)  # type: ignore[attr-defined]
    try:
        # docutils looks names up in lower case: `.. INCLUDE::` is its own `include`.
        for name in {name.lower() for name in _ROLE_USE.findall(text)}:
            if name not in _NATIVE_ROLES:
                roles.register_local_role(name, _text_role)  # type: ignore[arg-type]
        for name in {name.lower() for name in _DIRECTIVE_USE.findall(text)}:
            if name in _NATIVE_DIRECTIVES:
                continue
            if name in _LITERAL_DIRECTIVES:
                directives.register_directive(name, _LiteralDirective)
            elif name in _SILENT_DIRECTIVES:
                directives.register_directive(name, _SilentDirective)
            else:
                directives.register_directive(name, _ContentDirective)
        yield
    finally:
        roles._roles.clear()  # type: ignore[attr-defined]
        roles._roles.update(saved_roles)  # type: ignore[attr-defined]
        directives._directives.clear()  # type: ignore[attr-defined]
        directives._directives.update(saved_directives)  # type: ignore[attr-defined]


class RstReader:
    """Walks the docutils tree in document order and reports headings, paragraphs, examples
    and tables to the page assembler."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.page = PageAssembler(source)
        # The page's metadata (its leading field list): not page text.
        self._head: nodes.Element | None = None

    def read(self) -> Page:
        with _sphinx_markup(self.text), ascii_fast_paths():
            try:
                document = publish_doctree(
                    self.text, source_path=self.source, settings_overrides=_SETTINGS
                )
            # docutils' own failures on hostile markup: RecursionError (deep nesting),
            # ValueError (a substitution defined twice inside its own definition).
            except (SystemMessage, RecursionError, ValueError) as err:
                raise self._error(None, f"unreadable reStructuredText: {err}") from err
        self._check_losses(document)
        # docutils' reports are not page text (in a table cell they read as a description).
        for message in list(document.findall(nodes.system_message)):
            message.parent.remove(message)
        # Control characters were taken out of the page (read.py); `.. |x| unicode:: 0x1b`
        # would put them back.
        for text in list(document.findall(nodes.Text)):
            if _CONTROL.search(text):
                text.parent.replace(text, nodes.Text(_CONTROL.sub(" ", text)))
        self._metadata(document)
        self._walk(document, 0)
        return self.page.build()

    def _error(self, line: int | None, message: str) -> Exception:
        where = Location(section=f"line {line}") if line else Location(section="page")
        return error(self.source, where, clip(message))

    def _check_losses(self, document: nodes.document) -> None:
        """docutils reports markup it cannot read as a system message holding the dropped
        source text (a malformed table, an inconsistent title): that text would be lost.
        A warning drops the text it quotes only when that is a directive docutils did not run
        (`.. table::` with no table); a title underline too short is kept."""
        for message in document.findall(nodes.system_message):
            quoted = [c.astext() for c in message.children if isinstance(c, nodes.literal_block)]
            if not quoted or message["level"] < 2:
                continue
            if message["level"] >= 3 or quoted[0].lstrip().startswith(".."):
                first = message.children[0].astext() if message.children else ""
                raise self._error(
                    message.get("line"), f"markup docutils cannot read, text dropped: {first}"
                )

    def _metadata(self, document: nodes.document) -> None:
        """The field list heading the page: `:original_name:` names the page (and operation)."""
        self._head = _leading_field_list(document)
        if self._head is None:
            return
        for field in self._head.findall(nodes.field):
            name = field.children[0].astext().strip()
            if name.casefold() == _NAME_FIELD:
                value = field.children[1].astext().strip()
                self.page.set_name(re.sub(r"\.html?$", "", value, flags=re.I))

    def _walk(self, node: nodes.Element, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise self._error(node.line, "reStructuredText nested too deeply")
        for child in node.children:
            self._visit(child, depth + 1)

    def _visit(self, node: nodes.Node, depth: int) -> None:
        if isinstance(node, nodes.section):
            title = node.next_node(nodes.title)
            if title is not None:
                text = title.astext()
                if not self.page.title:
                    self.page.set_title(text)
                else:
                    self.page.heading(text)
            self._walk(node, depth)
        elif isinstance(node, _UNSEEN_NODES) or node is self._head:
            return
        elif isinstance(node, nodes.table):
            self._table(node)
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            self.page.preformatted(node.astext())
        elif isinstance(node, (nodes.paragraph, nodes.line, nodes.term, nodes.rubric)):
            self.page.paragraph(node.astext())
        elif isinstance(node, nodes.field):
            name, body = node.children[0].astext(), node.children[1].astext()
            self.page.paragraph(f"{name}: {body}")
        elif isinstance(node, nodes.Element):
            self._walk(node, depth)
        elif isinstance(node, nodes.Text) and node.astext().strip():
            self.page.paragraph(node.astext())

    def _table(self, table: nodes.table) -> None:
        title = table.next_node(nodes.title)
        caption_text = (
            normalise(title.astext()) if title is not None and title.parent is table else ""
        )
        anchors = tuple(str(anchor) for anchor in table["ids"])
        self.page.grid_table(caption_text, _grid(table), anchors)


def _leading_field_list(document: nodes.document) -> nodes.Element | None:
    """The field list before anything else on the page (comments and labels aside)."""
    for node in document.children:
        if isinstance(node, (nodes.comment, nodes.target)):
            continue
        return node if isinstance(node, (nodes.field_list, nodes.docinfo)) else None
    return None


def _grid(table: nodes.table) -> list[list[Cell]]:
    """Rows of cells, header rows first, with row and column spans expanded."""
    group = table.next_node(nodes.tgroup)
    if group is None:
        return []
    rows = [row for part in group.children for row in part.children if isinstance(row, nodes.row)]
    return expand_spans(
        [
            (
                Cell(tuple(_lines(entry)), tuple(_links(entry))),
                1 + int(entry.get("morecols", 0)),
                1 + int(entry.get("morerows", 0)),
            )
            for entry in row.children
            if isinstance(entry, nodes.entry)
        ]
        for row in rows
    )


# Markup that shows no page text: labels, comments, docutils' own reports, metadata.
_UNSEEN_NODES = (
    nodes.title,
    nodes.target,
    nodes.comment,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.docinfo,
)
_LINE_NODES = (
    nodes.paragraph,
    nodes.literal_block,
    nodes.line,
    nodes.term,
    nodes.rubric,
    nodes.title,
)


def _lines(entry: nodes.Element) -> Iterator[str]:
    """A cell's paragraphs (list items and nested blocks each make their own), in order."""
    for node in entry.findall(include_self=False):
        if isinstance(node, _LINE_NODES) and not _inside_line(node, entry):
            yield node.astext()


def _inside_line(node: nodes.Node, entry: nodes.Element) -> bool:
    parent = node.parent
    while parent is not None and parent is not entry:
        if isinstance(parent, _LINE_NODES):
            return True
        parent = parent.parent
    return False


def _links(entry: nodes.Element) -> Iterator[Link]:
    for reference in entry.findall(nodes.reference):
        target = reference.get("refid") or reference.get("refuri", "").rpartition("#")[2]
        if target:
            yield Link(reference.astext(), str(target))


def read_rst(text: str, source: str) -> Page:
    """Read a reStructuredText page into the page model."""
    return RstReader(text, source).read()
