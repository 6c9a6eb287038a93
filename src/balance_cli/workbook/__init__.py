"""Survey files: reading spreadsheets and CSV, finding headers, cleaning cells, scope."""

from balance_cli.workbook.load import load_table

__all__ = ["load_table"]
