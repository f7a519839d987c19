"""Importing Excel registers (DESIGN.md section 5): read, find the header, map columns, check rows, apply.

readers     open .xlsx/.xlsm/.xls/.xlsb/.ods/.csv and stream rows; refuse what cannot be read
headers     find the header row, two-level headers, map columns by synonyms
normalise   cell values: text, dates, levels, numbers kept as written
plan        classify every row (new / update / duplicate / error) without changing anything
apply       write a plan in one transaction after a backup; undo a whole batch
"""
