"""A delegate's Word document, given back with hyperlinks at its citations
and everything else as it was.

The file is read through `parsing.safety` with the same limits as an
uploaded edition (size, zip bombs, DTDs, entities). Each paragraph of the
body, the footnotes and the endnotes is offered as text (`texts()`, italic
runs marked *like this*, since italics often set off section words); the
caller finds the citations in it and hands back (paragraph, start, end, URL)
for each, and `with_links()` writes the package again with a real
`w:hyperlink` (an external relationship per URL) around exactly those
characters.

Only what a link needs changes: runs are cut in two at a link's edges (the
copies keep their formatting, and a tracked insertion cut in two stays a
tracked insertion), the linked runs get Word's Hyperlink character style
(added to styles.xml when the document lacks it, as Word does), and each
part gets its relationships. Every other part is copied byte for byte.
Text inside a field, a content control or an existing link is never
linked; deleted text is not part of the text at all.
"""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from resolutions.document import ParseError
from resolutions.parsing.docx import CONTENT_TYPES, DOCUMENT, W_NAMESPACES, check_package
from resolutions.parsing.safety import Limits, SafeZip, parse_xml

PARTS = (DOCUMENT, "word/footnotes.xml", "word/endnotes.xml")
STYLES = "word/styles.xml"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
# Relationship namespaces and the hyperlink type, Transitional then Strict.
R_NAMESPACES = {
    W_NAMESPACES[0]: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    W_NAMESPACES[1]: "http://purl.oclc.org/ooxml/officeDocument/relationships",
}
HYPERLINK_TYPE = "/hyperlink"
HYPERLINK_STYLE = "Hyperlink"
LINK_COLOUR = "0563C1"  # Word's own hyperlink blue

# Elements a link may cut in two, and their property children (which a
# copy keeps and which are not content).
SPLITTABLE = {"r": "rPr", "ins": "", "moveTo": "", "smartTag": "smartTagPr", "customXml": "customXmlPr"}
# Their text is read, but no link may go inside or across them.
LOCKED = {"hyperlink", "fldSimple"}
# The order of w:rPr's children (ECMA-376 CT_RPr), so that added
# properties land where Word expects them.
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
]
OFF = {"0", "false", "off", "none"}
# Run content that reads as one character and is never cut.
LEAF_TEXT = {"tab": "\t", "ptab": "\t", "br": " ", "cr": " ", "noBreakHyphen": "-"}


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


@dataclass
class _Leaf:
    """A stretch of a paragraph's visible text and the element holding it."""

    element: etree._Element  # w:t, or one of LEAF_TEXT
    text: str
    locked: bool
    italic: bool


@dataclass
class _Paragraph:
    part: str
    element: etree._Element
    field_depth: int  # complex fields open when the paragraph starts


class LinkableDocx:
    """A .docx read safely, its paragraphs' texts, and a copy with links."""

    def __init__(self, data: bytes, *, limits: Limits | None = None, source: str = ""):
        self.source = source
        package = SafeZip(data, limits or Limits(), source=source)
        check_package(package, source)
        self.entries = package.entries()
        self.raw = {
            posixpath.normpath(info.filename): package.read(posixpath.normpath(info.filename))
            for info in self.entries
        }
        self.roots = {
            part: parse_xml(self.raw[part], where=part, source=source) for part in PARTS if part in self.raw
        }
        namespace = etree.QName(self.roots[DOCUMENT]).namespace
        if namespace not in W_NAMESPACES:
            raise ParseError(
                f"the main part is not WordprocessingML ({namespace})", where=DOCUMENT, source=source
            )
        self.w = f"{{{namespace}}}"
        self.r = R_NAMESPACES[namespace]
        self.paragraphs: list[_Paragraph] = []
        self._leaves: list[list[_Leaf]] = []
        for part, root in self.roots.items():
            depth = 0
            for element in root.iter(f"{self.w}p"):
                if any(_local(a) in ("txbxContent", "AlternateContent") for a in element.iterancestors()):
                    continue  # text boxes are drawings; Word keeps a second copy of them
                self.paragraphs.append(_Paragraph(part, element, depth))
                leaves, depth = self._read(element, depth)
                self._leaves.append(leaves)
        self._next_id = 1 + max(
            (
                int(value)
                for root in self.roots.values()
                for element in root.iter()
                if (value := element.get(f"{self.w}id")) and value.lstrip("-").isdigit()
            ),
            default=0,
        )
        self._texts = [self._text(leaves) for leaves in self._leaves]

    # ------------------------------------------------------------ reading

    def _on(self, properties: etree._Element | None, name: str) -> bool:
        element = properties.find(f"{self.w}{name}") if properties is not None else None
        return element is not None and (element.get(f"{self.w}val") or "true").lower() not in OFF

    def _read(self, paragraph: etree._Element, depth: int) -> tuple[list[_Leaf], int]:
        leaves: list[_Leaf] = []

        def walk(element: etree._Element, locked: bool) -> None:
            nonlocal depth
            for child in element:
                name = _local(child)
                if name == "r":
                    properties = child.find(f"{self.w}rPr")
                    if self._on(properties, "vanish"):
                        continue
                    italic = self._on(properties, "i")
                    for item in child:
                        kind = _local(item)
                        if kind == "fldChar":
                            kind = item.get(f"{self.w}fldCharType")
                            depth = (
                                depth + 1
                                if kind == "begin"
                                else max(depth - 1, 0)
                                if kind == "end"
                                else depth
                            )
                        elif kind == "t":
                            leaves.append(_Leaf(item, item.text or "", locked or depth > 0, italic))
                        elif kind in LEAF_TEXT:
                            leaves.append(_Leaf(item, LEAF_TEXT[kind], locked or depth > 0, italic))
                elif name in SPLITTABLE:
                    walk(child, locked)
                elif name in LOCKED:
                    walk(child, True)
                elif name == "sdt":
                    content = child.find(f"{self.w}sdtContent")
                    if content is not None:
                        walk(content, True)
                # w:del, w:moveFrom (deleted text), bookmarks, comments'
                # ranges, proofing marks: nothing a reader sees.

        walk(paragraph, False)
        return leaves, depth

    @staticmethod
    def _text(leaves: list[_Leaf]) -> tuple[str, list[tuple[int, int] | None]]:
        """The paragraph's text, each run of italics inside *...*, and for
        each character the (leaf, offset) it comes from (None: a marker)."""
        chars: list[str] = []
        where: list[tuple[int, int] | None] = []

        def emit(text: str, leaf: int, offset: int) -> None:
            for i, char in enumerate(text):
                chars.append(char)
                where.append((leaf, offset + i))

        index = 0
        while index < len(leaves):
            if not leaves[index].italic:
                emit(leaves[index].text, index, 0)
                index += 1
                continue
            group = index
            while group < len(leaves) and leaves[group].italic:
                group += 1
            text = "".join(leaf.text for leaf in leaves[index:group])
            core = text.strip()
            markable = bool(core) and "*" not in core
            positions = [(i, o) for i in range(index, group) for o in range(len(leaves[i].text))]
            lead = len(text) - len(text.lstrip())
            for n, (leaf, offset) in enumerate(positions):
                if markable and n == lead:
                    chars.append("*")
                    where.append(None)
                chars.append(leaves[leaf].text[offset])
                where.append((leaf, offset))
                if markable and n == lead + len(core) - 1:
                    chars.append("*")
                    where.append(None)
            index = group
        return "".join(chars), where

    def texts(self) -> list[str]:
        """Each paragraph's text, in document order (body, footnotes, endnotes)."""
        return [text for text, _ in self._texts]

    # ------------------------------------------------------------ writing

    def with_links(self, links: Iterable[tuple[int, int, int, str]]) -> tuple[bytes, int]:
        """The document with a hyperlink to `url` over characters
        [start, end) of paragraph `index`, for each (index, start, end, url);
        and how many links could not be placed (inside a field or an
        existing link). Spans refer to texts()."""
        by_paragraph: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for index, start, end, url in links:
            by_paragraph[index].append((start, end, url))
        relationships: dict[str, dict[str, str]] = defaultdict(dict)  # part -> url -> id
        skipped = 0
        for index, spans in by_paragraph.items():
            # Right to left, so that earlier spans keep their positions.
            for start, end, url in sorted(spans, reverse=True):
                if not self._link(index, start, end, url, relationships):
                    skipped += 1
        if not relationships:
            return self._package({}), skipped
        changed = {part: self._serialize(self.roots[part], self.raw[part]) for part in relationships}
        changed.update(self._relationship_parts(relationships))
        changed.update(self._hyperlink_style())
        return self._package(changed), skipped

    def _link(
        self, index: int, start: int, end: int, url: str, relationships: dict[str, dict[str, str]]
    ) -> bool:
        text, where = self._texts[index]
        positions = [position for position in where[start:end] if position is not None]
        if not positions or not text[start:end].strip():
            return False
        leaves = self._leaves[index]
        (first, first_offset), (last, last_offset) = positions[0], positions[-1]
        paragraph = self.paragraphs[index]
        covered = leaves[first : last + 1]
        if any(leaf.locked or not self._splittable(leaf.element, paragraph.element) for leaf in covered):
            return False
        # The end first: cutting there leaves the start's elements as they are.
        after = self._split(leaves[last], last_offset + 1)
        end_top = (
            self._cut(paragraph.element, after)
            if after is not None
            else self._cut_after(paragraph.element, leaves[last].element)
        )
        start_top = self._cut(paragraph.element, self._split(leaves[first], first_offset))
        members = []
        node = start_top
        while node is not None and node is not end_top:
            members.append(node)
            node = node.getnext()
        if any(self._holds_field(member) for member in members):
            return False
        # Word writes the relationship prefix as "r"; placed in the tree
        # first, the link reuses the document's own declaration of it.
        declared = self.r in paragraph.element.nsmap.values()
        hyperlink = etree.Element(f"{self.w}hyperlink", nsmap=None if declared else {"r": self.r})
        start_top.addprevious(hyperlink)
        hyperlink.set(f"{{{self.r}}}id", self._relationship(relationships, paragraph.part, url))
        hyperlink.set(f"{self.w}history", "1")
        for member in members:
            hyperlink.append(member)
        for run in hyperlink.iter(f"{self.w}r"):
            self._style_as_link(run)
        # Runs were cut: read the paragraph again for the spans before this one.
        self._leaves[index], _ = self._read(paragraph.element, paragraph.field_depth)
        self._texts[index] = self._text(self._leaves[index])
        return True

    def _splittable(self, element: etree._Element, paragraph: etree._Element) -> bool:
        for ancestor in element.iterancestors():
            if ancestor is paragraph:
                return True
            if _local(ancestor) not in SPLITTABLE:
                return False
        return False

    @staticmethod
    def _holds_field(element: etree._Element) -> bool:
        return any(
            _local(e) in ("fldChar", "instrText", "hyperlink", "fldSimple", "sdt") for e in element.iter()
        )

    @staticmethod
    def _split(leaf: _Leaf, offset: int) -> etree._Element | None:
        """The element whose text starts at character `offset` of the leaf,
        cutting its w:t in two when needed; None past its end."""
        if offset >= len(leaf.text):
            return None
        element = leaf.element
        if offset == 0:
            return element
        tail = etree.Element(element.tag)
        tail.text, element.text = leaf.text[offset:], leaf.text[:offset]
        for part in (element, tail):
            part.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        element.addnext(tail)
        leaf.text = element.text
        return tail

    def _cut_after(self, paragraph: etree._Element, node: etree._Element) -> etree._Element | None:
        """The child of the paragraph that begins right after `node`, cut
        off from what holds `node`; None when nothing follows."""
        while node.getnext() is None:
            node = node.getparent()
            if node is paragraph:
                return None
        return self._cut(paragraph, node.getnext())

    def _cut(self, paragraph: etree._Element, node: etree._Element) -> etree._Element:
        """Split every element between `node` and the paragraph so that a
        child of the paragraph begins with `node`; return that child. A
        copy keeps the original's attributes and properties (a run its
        formatting, a tracked insertion its author and date, with an id
        of its own)."""
        child = node
        parent = child.getparent()
        while parent is not paragraph:
            property_name = SPLITTABLE[_local(parent)]
            properties = 1 if property_name and len(parent) and _local(parent[0]) == property_name else 0
            position = parent.index(child)
            if position > properties:
                clone = etree.Element(parent.tag, attrib=dict(parent.attrib))
                if properties:
                    clone.append(copy.deepcopy(parent[0]))
                if clone.get(f"{self.w}id") is not None:
                    clone.set(f"{self.w}id", str(self._next_id))
                    self._next_id += 1
                for moving in list(parent)[position:]:
                    clone.append(moving)
                parent.addnext(clone)
                child = clone
            else:
                child = parent
            parent = child.getparent()
        return child

    def _style_as_link(self, run: etree._Element) -> None:
        properties = run.find(f"{self.w}rPr")
        if properties is None:
            properties = etree.Element(f"{self.w}rPr")
            run.insert(0, properties)
        if properties.find(f"{self.w}rStyle") is None and STYLES in self.raw:
            self._set_property(properties, "rStyle", HYPERLINK_STYLE)
        else:
            # A run keeps its own character style (an emphasis, say); the
            # link's colour and underline are given directly instead.
            self._set_property(properties, "color", LINK_COLOUR)
            self._set_property(properties, "u", "single")

    def _set_property(self, properties: etree._Element, name: str, value: str) -> None:
        if properties.find(f"{self.w}{name}") is not None:
            return
        element = etree.Element(f"{self.w}{name}")
        element.set(f"{self.w}val", value)
        rank = RPR_ORDER.index(name)
        for position, existing in enumerate(properties):
            if _local(existing) in RPR_ORDER and RPR_ORDER.index(_local(existing)) > rank:
                properties.insert(position, element)
                return
        properties.append(element)

    # ------------------------------------------------------------ the package

    @staticmethod
    def _rels_name(part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", f"{name}.rels")

    def _relationship(self, relationships: dict[str, dict[str, str]], part: str, url: str) -> str:
        known = relationships[part]
        if url not in known:
            taken = set(known.values()) | self._existing_ids(part)
            number = len(known) + 1
            while f"rIdCite{number}" in taken:
                number += 1
            known[url] = f"rIdCite{number}"
        return known[url]

    def _existing_ids(self, part: str) -> set[str]:
        name = self._rels_name(part)
        if name not in self.raw:
            return set()
        root = parse_xml(self.raw[name], where=name, source=self.source)
        return {element.get("Id", "") for element in root}

    def _relationship_parts(self, relationships: dict[str, dict[str, str]]) -> dict[str, bytes]:
        parts: dict[str, bytes] = {}
        for part, urls in relationships.items():
            name = self._rels_name(part)
            if name in self.raw:
                root = parse_xml(self.raw[name], where=name, source=self.source)
            else:
                root = etree.Element(f"{{{RELATIONSHIPS}}}Relationships", nsmap={None: RELATIONSHIPS})
            for url, relationship_id in urls.items():
                element = etree.SubElement(root, f"{{{RELATIONSHIPS}}}Relationship")
                element.set("Id", relationship_id)
                element.set("Type", self.r + HYPERLINK_TYPE)
                element.set("Target", url)
                element.set("TargetMode", "External")
            parts[name] = self._serialize(root, self.raw.get(name))
        if CONTENT_TYPES in self.raw:
            types = parse_xml(self.raw[CONTENT_TYPES], where=CONTENT_TYPES, source=self.source)
            if not any(e.get("Extension", "").lower() == "rels" for e in types):
                default = etree.Element(f"{{{CONTENT_TYPES_NS}}}Default")
                default.set("Extension", "rels")
                default.set("ContentType", "application/vnd.openxmlformats-package.relationships+xml")
                types.insert(0, default)
                parts[CONTENT_TYPES] = self._serialize(types, self.raw[CONTENT_TYPES])
        return parts

    def _hyperlink_style(self) -> dict[str, bytes]:
        """Word's Hyperlink character style, when the document has styles but not that one."""
        if STYLES not in self.raw:
            return {}
        styles = parse_xml(self.raw[STYLES], where=STYLES, source=self.source)
        if any(style.get(f"{self.w}styleId") == HYPERLINK_STYLE for style in styles.iter(f"{self.w}style")):
            return {}
        style = etree.SubElement(styles, f"{self.w}style")
        style.set(f"{self.w}type", "character")
        style.set(f"{self.w}styleId", HYPERLINK_STYLE)
        for name, value in (("name", "Hyperlink"), ("uiPriority", "99")):
            etree.SubElement(style, f"{self.w}{name}").set(f"{self.w}val", value)
        etree.SubElement(style, f"{self.w}unhideWhenUsed")
        properties = etree.SubElement(style, f"{self.w}rPr")
        etree.SubElement(properties, f"{self.w}color").set(f"{self.w}val", LINK_COLOUR)
        etree.SubElement(properties, f"{self.w}u").set(f"{self.w}val", "single")
        return {STYLES: self._serialize(styles, self.raw[STYLES])}

    @staticmethod
    def _serialize(root: etree._Element, original: bytes | None) -> bytes:
        standalone = root.getroottree().docinfo.standalone if original is not None else True
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=standalone)

    def _package(self, changed: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            written = set()
            for info in self.entries:
                name = posixpath.normpath(info.filename)
                copy_info = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy_info.compress_type = info.compress_type
                copy_info.external_attr = info.external_attr
                archive.writestr(copy_info, changed.get(name, self.raw[name]))
                written.add(name)
            for name, data in changed.items():
                if name not in written:
                    archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        return buffer.getvalue()
