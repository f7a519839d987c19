"""Importing Excel registers (DESIGN.md section 5): read, find the header, map columns, check rows, apply.

readers     open .xlsx/.xlsm/.xls/.xlsb/.ods/.csv and stream rows; refuse what cannot be read
headers     find the header row, two-level headers, map columns by synonyms and by the words they hold
columns     what each column becomes: ambiguous headers decided by their values, the rest kept as extra fields
normalise   cell values: text, dates, terms, levels, numbers and areas as the register writes them
infer       levels from awarding bodies and titles, categories from unit names (whole words)
materials   a 单位名称/年度/主题/内容 sheet as work material
review      what the preview shows and lets the clerk change: columns' destinations, inferred values
plan        classify every row (new / update / duplicate / error) without changing anything
apply       write a plan in one transaction after a backup; undo a whole batch
"""
