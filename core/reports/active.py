"""Active and external content in a template: found at check/add, and stripped from every report unless
the user keeps it knowingly.

A .docx can make Word fetch or run things when it is opened: a remote attached template, an altChunk
(another document poured in), embedded OLE objects and ActiveX controls, DDE/DDEAUTO fields that start
programs, INCLUDETEXT/INCLUDEPICTURE/LINK fields and external relationships that fetch files (a file:// or
\\\\server link also hands the user's Windows credentials to that server). None belongs in a 情况汇报.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from core.reports.package import RELS, XML_DECLARATION, TemplatePackage

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = "[Content_Types].xml"
_REL_KINDS = {
    "attachedTemplate": "外部模板（attachedTemplate）",
    "aFChunk": "嵌入的外部文档块（altChunk）",
    "oleObject": "OLE 对象",
    "package": "嵌入的文件包（OLE）",
    "control": "ActiveX 控件",
    "activeXControlBinary": "ActiveX 控件",
    "vbaProject": "宏（vbaProject）",
    "subDocument": "子文档",
    "frame": "外部框架",
}
# Fields that run, fetch or connect: DDE starts programs; INCLUDE…, LINK and IMPORT fetch files; DATABASE
# connects to a data source and runs its query; MACROBUTTON runs a Word command; PRINT sends codes to the
# printer; a HYPERLINK to a file:// or \\\\server target hands the user's Windows credentials over.
_DANGEROUS_FIELD = re.compile(
    r"^\s*(?:DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE|INCLUDE|LINK|IMPORT|DATABASE|MACROBUTTON|PRINT)\b"
    r"|^\s*HYPERLINK\s+\"?\s*(?:file:|\\\\)",
    re.IGNORECASE,
)
NESTED_NAME = "\ufdd1"  # in an instruction: its field's name is made by a nested field
_SAFE_LINK = re.compile(r"^(https?://|mailto:|#)", re.IGNORECASE)
_MARKERS = (
    b"altChunk",
    b"w:object",
    b"instrText",
    b"fldSimple",
    b"attachedTemplate",
    b"w:control",
    b"w:subDoc",
)
# Elements that pour in, embed or run content through a relationship; the template loses them (and their
# relationships) before rendering, so one in a rendered part was made by the rendering (FieldWatch).
_ACTIVE_ELEMENTS = {
    f"{{{W}}}altChunk": "嵌入的外部文档块（altChunk）",
    f"{{{W}}}object": "嵌入的对象（OLE）",
    f"{{{W}}}control": "ActiveX 控件",
    f"{{{W}}}subDoc": "子文档",
    f"{{{W}}}attachedTemplate": "外部模板（attachedTemplate）",
}


@dataclass(frozen=True)
class ActiveContent:
    what: str  # Chinese: 域代码“DDEAUTO …”, 外部链接…
    place: str  # the part it is in: 正文, 页脚, 设置…


class _Finder:
    """Walks the package once; with strip=True also removes what it finds."""

    def __init__(self, package: TemplatePackage, strip: bool) -> None:
        self.package = package
        self.strip = strip
        self.found: list[ActiveContent] = []
        self.changed: dict[str, bytes] = {}
        self.removed: set[str] = set()
        self.labels = dict(package.part_members())

    def label(self, member: str) -> str:
        if member in self.labels:
            return self.labels[member]
        return "文档设置" if member.endswith("settings.xml") else member

    def run(self) -> None:
        for member in sorted(self.package.members):
            if member.endswith(".rels"):
                self._relationships(member)
        for member, blob in list(self.package.members.items()):
            if member.endswith(".xml") and any(marker in blob for marker in _MARKERS):
                self._part(member)
        if self.strip and self.removed:
            self._content_types()

    # -- relationships

    def _relationships(self, rels_member: str) -> None:
        source = _source_of(rels_member)
        root = self.package.parse(self.package.members[rels_member], rels_member)
        dropped: list[str] = []
        for rel in list(root):
            kind = rel.get("Type", "").rpartition("/")[2]
            target = rel.get("Target", "")
            external = rel.get("TargetMode") == "External"
            what = _REL_KINDS.get(kind)
            if kind == "hyperlink":
                if not external or _SAFE_LINK.match(target):
                    continue
                what = f"指向本机或网络共享的链接“{_clip(target)}”"
            elif what is None:
                if not external:
                    continue
                what = f"外部链接（{kind}）“{_clip(target)}”"
            elif external:
                what = f"{what}“{_clip(target)}”"
            self.found.append(ActiveContent(what, self.label(source)))
            if self.strip:
                dropped.append(rel.get("Id", ""))
                root.remove(rel)
                if not external:
                    self.removed.add(TemplatePackage.target(source, rel))
        if dropped and self.strip:
            self.changed[rels_member] = _serialise(root)
            self._drop_references(source, set(dropped))

    def _drop_references(self, member: str, ids: set[str]) -> None:
        """Elements that pointed at a removed relationship lose the pointer (hyperlinks keep their text)."""
        if member not in self.package.members:
            return
        root = self._root(member)
        for element in list(root.iter()):
            for name, value in list(element.attrib.items()):
                if value in ids and name.startswith(f"{{{R}}}"):
                    if etree.QName(element).localname == "hyperlink":
                        _unwrap(element)
                    else:
                        del element.attrib[name]
        self.changed[member] = _serialise(root)

    def _root(self, member: str) -> etree._Element:
        blob = self.changed.get(member, self.package.members[member])
        return self.package.parse(blob, member)

    # -- elements inside a part

    def _part(self, member: str) -> None:
        root = self._root(member)
        place = self.label(member)
        touched = False
        for element in list(root.iter(*_ACTIVE_ELEMENTS)):
            if self.strip:  # reported with its relationship, which is what fetches or runs it
                element.getparent().remove(element)
                touched = True
        touched |= self._fields(root, place)
        if touched:
            self.changed[member] = _serialise(root)

    def _fields(self, root: etree._Element, place: str) -> bool:
        touched = False
        for simple in list(root.iter(f"{{{W}}}fldSimple")):
            instruction = simple.get(f"{{{W}}}instr", "")
            if _DANGEROUS_FIELD.match(instruction):
                self.found.append(ActiveContent(f"域代码“{_clip(instruction.strip())}”", place))
                if self.strip:
                    _unwrap(simple)
                    touched = True
        for instruction, runs in _complex_fields(root):
            if _dangerous(instruction):
                self.found.append(ActiveContent(f"域代码“{_shown(instruction)}”", place))
                if self.strip:
                    for run in runs:
                        if run.getparent() is not None:
                            run.getparent().remove(run)
                    touched = True
        return touched

    def _content_types(self) -> None:
        root = self.package.parse(self.package.members[CONTENT_TYPES], CONTENT_TYPES)
        for override in list(root):
            if override.get("PartName", "").lstrip("/") in self.removed:
                root.remove(override)
        self.changed[CONTENT_TYPES] = _serialise(root)


def _complex_fields(root: etree._Element) -> list[tuple[str, list[etree._Element]]]:
    """(instruction, the runs that make the field but not its result) of each complex field."""
    fields: list[tuple[str, list[etree._Element]]] = []
    open_fields: list[tuple[list[str], list[etree._Element], list[bool]]] = []
    for element in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText"):
        run = element.getparent()
        if etree.QName(element).localname == "instrText":
            if open_fields and not open_fields[-1][2][0]:
                open_fields[-1][0].append(element.text or "")
                open_fields[-1][1].append(run)
            continue
        kind = element.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            if open_fields and not open_fields[-1][2][0] and not "".join(open_fields[-1][0]).strip():
                open_fields[-1][0].append(NESTED_NAME)
            open_fields.append(([], [run], [False]))
        elif kind == "separate" and open_fields:
            open_fields[-1][1].append(run)
            open_fields[-1][2][0] = True
        elif kind == "end" and open_fields:
            texts, runs, _ = open_fields.pop()
            fields.append(("".join(texts), [*runs, run]))
    return fields


def _dangerous(instruction: str) -> bool:
    """A field that runs or fetches, or whose name a nested field makes ({ {QUOTE 68 68 69} … } spells
    DDE where no check can read it)."""
    return bool(_DANGEROUS_FIELD.match(instruction)) or instruction.lstrip().startswith(NESTED_NAME)


def _shown(instruction: str) -> str:
    return _clip(" ".join(instruction.replace(NESTED_NAME, "{嵌套的域}").split()))


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    index = parent.index(element)
    for child in list(element):
        if isinstance(child.tag, str) and etree.QName(child).localname in (
            "r",
            "hyperlink",
            "fldSimple",
            "ins",
            "smartTag",
        ):
            parent.insert(index, child)
            index += 1
    parent.remove(element)


def _source_of(rels_member: str) -> str:
    folder, _, base = rels_member.rpartition("_rels/")
    return folder + base.removesuffix(".rels")


def _serialise(root: etree._Element) -> bytes:
    return (XML_DECLARATION + etree.tostring(root, encoding="unicode")).encode("utf-8")


def _clip(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[:size] + "…"


class FieldWatch:
    """The dangerous fields of a rendered part, fed its elements in document order (a whole tree, or a
    streamed body's elements one by one).

    The template is stripped before it is rendered, but rendering can still make a field: an instruction
    written as “{{ '' }}DDEAUTO …”, built by a tag (“{{ 'DDE' ~ 'AUTO' }}”), taken from the data
    (“{{ 单位.名称 }}” in a field's code) or uncovered by “{% if %}” around a separator. So the output is
    looked at too. Stricter than Word: an instruction is also read past its separator, and text of field
    code outside any field counts as a field of its own."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self._open: list[list[str]] = []  # the instruction texts of each open field, innermost last
        self._stray: list[str] = []

    def feed(self, element: etree._Element) -> None:
        for item in element.iter(
            f"{{{W}}}fldChar", f"{{{W}}}instrText", f"{{{W}}}fldSimple", *_ACTIVE_ELEMENTS
        ):
            name = etree.QName(item).localname
            if item.tag in _ACTIVE_ELEMENTS:
                self.found.append(_ACTIVE_ELEMENTS[item.tag])
            elif name == "fldSimple":
                self._judge(item.get(f"{{{W}}}instr", ""))
            elif name == "instrText":
                (self._open[-1] if self._open else self._stray).append(item.text or "")
            elif item.get(f"{{{W}}}fldCharType") == "begin":
                if self._open and not "".join(self._open[-1]).strip():
                    self._open[-1].append(NESTED_NAME)
                self._open.append([])
            elif item.get(f"{{{W}}}fldCharType") == "end" and self._open:
                self._judge("".join(self._open.pop()))

    def finish(self) -> list[str]:
        """The dangerous instructions found, once every element has been fed."""
        while self._open:
            self._judge("".join(self._open.pop()))
        self._judge("".join(self._stray))
        self._stray = []
        return self.found

    def _judge(self, instruction: str) -> None:
        if _dangerous(instruction):
            self.found.append(f"域代码“{_shown(instruction)}”")


def made_fields(root: etree._Element) -> list[str]:
    """The dangerous fields and active elements in a rendered part, each in Chinese (FieldWatch)."""
    watch = FieldWatch()
    watch.feed(root)
    return watch.finish()


def find_active_content(package: TemplatePackage) -> list[ActiveContent]:
    finder = _Finder(package, strip=False)
    finder.run()
    return finder.found


def strip_active_content(package: TemplatePackage) -> tuple[TemplatePackage, list[ActiveContent]]:
    """A copy of the package without its active and external content, and what was removed."""
    finder = _Finder(package, strip=True)
    finder.run()
    if not finder.found:
        return package, []
    members = {
        name: finder.changed.get(name, blob)
        for name, blob in package.members.items()
        if name not in finder.removed
    }
    return TemplatePackage(members, package.name), finder.found


__all__ = [
    "RELS",
    "ActiveContent",
    "FieldWatch",
    "find_active_content",
    "made_fields",
    "strip_active_content",
]
