"""A Parquet corpus: one document per row, with the columns a JSONL corpus has as fields (``id``,
the text of each language as a string or a list of sentences, optionally ``ref``), on a local
path or any filesystem pyarrow.fs reads (bitext.io.sources).

It is read as a JsonlCorpus is (validated first, then streamed a batch of rows at a time), and a
row is numbered from 1 where a JSONL corpus gives a line number (messages, reports), so the same
documents give the same output from either. A shard of a distributed run starts at a row index.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bitext.errors import InputError
from bitext.io.corpus import JsonlCorpus
from bitext.io.sources import filesystem

BATCH_ROWS = 512  # rows decoded at a time: memory stays that of a batch, not of a row group


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class ParquetCorpus(JsonlCorpus):
    def _file(self) -> Any:
        fs, inner = filesystem(self.path)  # first: without pyarrow, an InputError naming the extra to install
        import pyarrow.parquet as pq

        try:
            return pq.ParquetFile(fs.open_input_file(inner))
        except FileNotFoundError:
            raise InputError(f"{self.name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{self.name}: is a directory", hint="give a Parquet file") from None
        except Exception as error:  # pyarrow: ArrowInvalid for a file that is not Parquet, OSError
            raise InputError(f"{self.name}: not a readable Parquet file ({_first_line(error)})") from None

    def _columns(self, names: list[str]) -> list[str]:
        """The columns a document needs, in the file's order; an InputError for a missing one."""
        shown = ", ".join(names) or "none"
        if "id" not in names:
            raise InputError(f"{self.name}: no 'id' column (columns: {shown})",
                             hint="each row needs an id and the text of both languages, e.g. id, en, zh")
        for lang in (self.src_lang, self.tgt_lang):
            if not any(name == lang or name.lower().startswith(lang + "-") for name in names):
                raise InputError(f"{self.name}: no {lang!r} column (columns: {shown})",
                                 hint="name the text columns by language (e.g. en, zh), or give --src-lang/--tgt-lang")
        langs = (self.src_lang, self.tgt_lang)
        return [name for name in names if name in ("id", "ref", *langs)
                or any(name.lower().startswith(lang + "-") for lang in langs)]

    def _records(self, lines=None) -> Iterator[tuple[int, int, dict]]:
        return self._rows(0)

    def _records_at(self, offset: int, first_line: int) -> Iterator[tuple[int, int, dict]]:
        return self._rows(offset)

    def _rows(self, start: int) -> Iterator[tuple[int, int, dict]]:
        """(row number from 1, row index, row as a dict) from row index ``start``: only the row
        groups from the one holding it are read."""
        parquet = self._file()
        columns = self._columns(parquet.schema_arrow.names)
        groups: list[int] = []
        index = 0
        for group in range(parquet.metadata.num_row_groups):
            rows = parquet.metadata.row_group(group).num_rows
            if groups or index + rows > start:
                groups.append(group)
            else:
                index += rows
        if not groups:
            return
        try:
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=groups, columns=columns):
                for record in batch.to_pylist():
                    if index >= start:
                        yield index + 1, index, record
                    index += 1
        except InputError:
            raise
        except Exception as error:  # a damaged page, a file cut short
            raise InputError(f"{self.name}:{index + 1}: cannot read the row ({_first_line(error)})") from None


__all__ = ["ParquetCorpus"]
