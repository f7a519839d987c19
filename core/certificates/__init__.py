"""Certificates in, offline (DESIGN.md section 6b): a photo or scan of a 荣誉证书 becomes a proposed honour.

engine      the OCR engine (rapidocr-onnxruntime 1.4.x, an optional component), loaded once per process
images      image files and PDF pages to read, with their size checked before decoding
seal        red seals lifted off the signature before recognition
lines       recognised text lines and their boxes, in reading order
understand  holder, title, awarding body, date, numbers from the lines, each with a confidence
bodies      fuzzy matching of names against the bodies and units already in the records
dates       dates as printed: 二〇二二年十二月, 2022年12月5日, kept as precise as printed
level       the level (国家级 … 乡镇级) inferred from the awarding body and the title
reading     the whole way from files to readings, with progress and cancel
apply       proposals written in one undoable batch (ImportBatch kind "certificate"), images attached

Nothing here imports numpy, OpenCV, Pillow or onnxruntime at module level: without the component the
rest of the program (and the parsing of recognised lines) still works.
"""
