"""情况汇报 generation (DESIGN.md section 6).

fields      the Chinese fields a template can use, with their explanations (the author's manual)
context     builds those fields for one unit and period
prose       the ready-made Chinese sentences (荣誉概述, per-year 表述) and the filters
sandbox     the hardened Jinja2 sandbox every template is rendered in
inspect     what a template uses, its syntax errors and unsafe expressions, before it is accepted
layout      the GB/T 9704-2012 page and styles, shared by the built-in templates
builtin     the six built-in templates (written into resources/templates/)
library     built-in and added templates (the Template table and the files)
generate    one report per unit or one merged document, atomically written and recorded
pdf         conversion to PDF with Word or LibreOffice
"""
