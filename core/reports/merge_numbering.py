"""Lists restarting per unit in a merged document.

Word numbers every paragraph that shares a w:numId as one list, across sections: the second unit's list
would go on 4. 5. 6. So each unit after the first gets its own w:num per list it uses, pointing at the
template's w:abstractNum (never copied) with a w:startOverride on every level. Only these small w:num
elements are kept per unit; numbering.xml itself is parsed once and written at close.

The same holds outside the body: the footnotes of all units are one story, so a numbered list in a note
would go on from the previous unit's note; and LibreOffice numbers a numbered paragraph of a header or
footer on through the sections (1. on the first unit's pages, 3. and 5. on the next). A unit's notes and its
headers and footers with numbered paragraphs get fresh instances too (restart_part).
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from core.reports.finish import PPR_ORDER, child_in_order
from core.reports.merge_xml import w
from core.reports.package import XML_DECLARATION, XML_PARSER, TemplatePackage

_REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_LEVELS = 9


class ListRestarts:
    """Gives each unit after the first its own list instances; writes numbering.xml with them at close."""

    def __init__(self, package: TemplatePackage, main: str) -> None:
        self.package = package
        self.member = _numbering_member(package, main)
        self.nums: dict[str, etree._Element] = {}  # numId → the template's w:num
        self.starts: dict[str, dict[int, str]] = {}  # abstractNumId → level → start
        self.styles: dict[str, tuple[str, str]] = {}  # styleId → (numId, ilvl) its paragraphs take
        self.added: list[bytes] = []  # the new w:num elements, in order
        self.next_id = 1
        if self.member is None:
            return
        root = etree.fromstring(package.members[self.member], XML_PARSER)
        for abstract in root.iter(w("abstractNum")):
            levels = {}
            for level in abstract.iter(w("lvl")):
                start = level.find(w("start"))
                levels[_int(level.get(w("ilvl")))] = start.get(w("val"), "1") if start is not None else "1"
            self.starts[abstract.get(w("abstractNumId"), "")] = levels
        for num in root.iter(w("num")):
            self.nums[num.get(w("numId"), "")] = num
            self.next_id = max(self.next_id, _int(num.get(w("numId"))) + 1)
        self.styles = _numbered_styles(package, main)

    def restart_part(self, blob: bytes) -> bytes:
        """A header's or footer's XML with its numbered paragraphs on fresh list instances; blob itself
        when it numbers nothing."""
        if not self.nums or (b"numPr" not in blob and not self.styles):
            return blob
        root = etree.fromstring(blob, XML_PARSER)
        if not self.restart(root):
            return blob
        return XML_DECLARATION.encode() + etree.tostring(root, encoding="utf-8")

    def restart(self, body: etree._Element) -> bool:
        """Point the unit's numbered paragraphs at fresh list instances starting again at each level;
        whether any paragraph was numbered."""
        if not self.nums:
            return False
        fresh: dict[str, str] = {}
        for paragraph in body.iter(w("p")):
            properties = paragraph.find(w("pPr"))
            if properties is None:
                continue
            number = properties.find(f"{w('numPr')}/{w('numId')}")
            if number is None:
                number = self._style_number(properties)
                if number is None:
                    continue
            old = number.get(w("val"), "")
            if old not in self.nums:
                continue
            if old not in fresh:
                fresh[old] = self._new_instance(old)
            number.set(w("val"), fresh[old])
        return bool(fresh)

    def _style_number(self, properties: etree._Element) -> etree._Element | None:
        """A paragraph numbered by its style alone gets the style's numbering written on it."""
        style = properties.find(w("pStyle"))
        numbered = self.styles.get(style.get(w("val"), "")) if style is not None else None
        if numbered is None or properties.find(w("numPr")) is not None:
            return None
        num_id, level = numbered
        numbering = child_in_order(properties, w("numPr"), PPR_ORDER)
        etree.SubElement(numbering, w("ilvl")).set(w("val"), level)
        number = etree.SubElement(numbering, w("numId"))
        number.set(w("val"), num_id)
        return number

    def _new_instance(self, old: str) -> str:
        num = deepcopy(self.nums[old])
        new_id = str(self.next_id)
        self.next_id += 1
        num.set(w("numId"), new_id)
        starts = self.starts.get(_abstract_of(num), {})
        overrides = {_int(o.get(w("ilvl"))): o for o in num.findall(w("lvlOverride"))}
        for level in sorted(starts) or range(_LEVELS):
            override = overrides.get(level)
            if override is None:
                override = etree.SubElement(num, w("lvlOverride"))
                override.set(w("ilvl"), str(level))
            start = override.find(w("startOverride"))
            if start is None:
                start = etree.Element(w("startOverride"))
                override.insert(0, start)
            start.set(w("val"), starts.get(level, "1"))
        self.added.append(etree.tostring(num, encoding="utf-8"))
        return new_id

    def numbering_xml(self) -> bytes:
        """The template's numbering.xml with the units' list instances after its own (before any
        w:numIdMacAtCleanup, which the schema puts last)."""
        root = etree.fromstring(self.package.members[self.member or ""], XML_PARSER)
        cleanup = root.find(w("numIdMacAtCleanup"))
        for blob in self.added:
            num = etree.fromstring(blob, XML_PARSER)
            if cleanup is not None:
                cleanup.addprevious(num)
            else:
                root.append(num)
        return XML_DECLARATION.encode() + etree.tostring(root, encoding="utf-8")


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _abstract_of(num: etree._Element) -> str:
    abstract = num.find(w("abstractNumId"))
    return abstract.get(w("val"), "") if abstract is not None else ""


def _numbering_member(package: TemplatePackage, main: str) -> str | None:
    for rel in package.relationships(main):
        if rel.get("Type") == _REL_BASE + "numbering" and rel.get("TargetMode") != "External":
            member = package.target(main, rel)
            if member in package.members:
                return member
    return None


def _numbered_styles(package: TemplatePackage, main: str) -> dict[str, tuple[str, str]]:
    """Paragraph styles that number their paragraphs (directly or through w:basedOn)."""
    member = next(
        (
            package.target(main, rel)
            for rel in package.relationships(main)
            if rel.get("Type") == _REL_BASE + "styles"
        ),
        None,
    )
    if member is None or member not in package.members:
        return {}
    root = etree.fromstring(package.members[member], XML_PARSER)
    own: dict[str, tuple[str, str] | None] = {}
    based: dict[str, str] = {}
    for style in root.iter(w("style")):
        style_id = style.get(w("styleId"), "")
        number = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        level = style.find(f"{w('pPr')}/{w('numPr')}/{w('ilvl')}")
        own[style_id] = (
            (number.get(w("val"), ""), level.get(w("val"), "0") if level is not None else "0")
            if number is not None
            else None
        )
        parent = style.find(w("basedOn"))
        if parent is not None:
            based[style_id] = parent.get(w("val"), "")
    found: dict[str, tuple[str, str]] = {}
    for style_id in own:
        current, seen = style_id, set()
        while current and current not in seen:
            seen.add(current)
            if own.get(current):
                found[style_id] = own[current]  # type: ignore[assignment]
                break
            current = based.get(current, "")
    return {key: value for key, value in found.items() if value[0] not in ("", "0")}
