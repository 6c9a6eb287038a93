"""Bounds on the work a file may ask for, whatever it declares.

These are technical limits of the reader (memory and time), not assessment thresholds: a
county survey of a few thousand schools stays orders of magnitude below each of them, and
the national benchmark (200,000 schools × 13 columns) fits. A file beyond one is refused
with a located error saying which limit and where, never read at the cost of the machine.
"""

from __future__ import annotations

# Decompressed size of one XML part of a workbook (a sheet, the shared strings) and of all
# parts together. A 200,000-school sheet is ~70 MB of XML.
MAX_PART_BYTES = 400 * 1024 * 1024
MAX_TOTAL_BYTES = 600 * 1024 * 1024
# Members of a workbook zip (a real workbook has a few dozen).
MAX_ZIP_MEMBERS = 20_000
# The dense rectangle the reader allocates for a sheet: rows × columns up to the farthest
# cell holding a value (200,000 × 13 = 2.6 M for the national benchmark).
MAX_SHEET_CELLS = 12_000_000
# Below this many rows a sheet is read whatever its shape; above it, a sheet whose rows are
# mostly empty (a stray value far below the table) is refused rather than read row by row.
SPARSE_FROM_ROWS = 100_000
# Excel's own limit on the text of a cell (characters): longer text cannot come from Excel.
MAX_CELL_CHARS = 32_767
# Integers above 2**53 cannot be held exactly in a float64; sums and squares of larger
# values lose every digit that matters, and near 1e308 they overflow to infinity.
MAX_NUMBER = float(2**53)
# Excel's own limit on the columns of a sheet; a CSV line with more fields is not a table.
MAX_COLUMNS = 16_384
# CSV files are read whole into memory.
MAX_CSV_BYTES = 200 * 1024 * 1024
# The reader of .xls/.ods files runs in a child process with this much address space
# beyond what the parent already uses; an allocation past it ends the child, not the run.
CHILD_EXTRA_ADDRESS_SPACE = 1536 * 1024 * 1024
# Shown values in messages are cut to this many characters.
MAX_SHOWN_CHARS = 60
