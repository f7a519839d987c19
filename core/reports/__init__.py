"""情况汇报 generation (DESIGN.md section 6).

fields      the Chinese fields a template can use, with their explanations (the author's manual)
context     builds those fields for one unit and period
prose       the ready-made Chinese sentences (荣誉概述, per-year 表述) and the filters
sandbox     the hardened Jinja2 sandbox every template is rendered in (caps: the size checks it applies)
package     a .docx template as parts: their Jinja sources and where each tag stands
syntax      syntax problems in Chinese, all in one pass, at the tag where they start
active      active and external content (DDE fields, OLE, altChunk, remote templates): found and stripped
inspect     what a template uses, its syntax errors and unsafe expressions, before it is accepted
engine      a template compiled once and rendered part by part, each part exactly once
merge       one merged document written as a stream, a section per unit (merge_xml: its XML pieces)
batch       a batch of reports from one template (in this process or in the worker)
worker      the bounded worker process for templates from outside (limits: its OS limits)
output      file names, output paths, and putting finished files in place
layout      the GB/T 9704-2012 page and styles, shared by the built-in templates
builtin     the six built-in templates (written into resources/templates/)
library     built-in and added templates (the Template table and the files)
generate    one report per unit or one merged document, atomically written and recorded
pdf         conversion to PDF with Word or LibreOffice
"""
