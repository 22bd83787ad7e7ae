"""Hostile and broken files: each reader refuses them clearly, quickly and in bounded memory.

Any partner reporter can send these. The readers must answer with `UnreadableFile` (a sentence
for a person, with the row and column where known) or a valid table — never another exception,
never a parse of a zip bomb.
"""

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from backbone.interchange import workbooks
from backbone.interchange.readers import read_table
from backbone.interchange.tables import UnreadableFile

MIB = 1024 * 1024


def _consume(table):
    return sum(1 for _ in table.rows)


def _read_all(name: str, data: bytes):
    table = read_table(name, io.BytesIO(data))
    return table, _consume(table)


def _workbook_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip_replacing(xlsx: bytes, name: str, members: dict[str, bytes]) -> bytes:
    """The same XLSX with some parts replaced (stored already deflated where bytes are given
    as (raw deflate, crc, size) tuples)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = members.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
    return out.getvalue()


def _deflate_bomb_zip(
    xlsx: bytes, member: str, prefix: bytes, filler: bytes, repeat: int, suffix: bytes
) -> bytes:
    """A valid XLSX whose `member` expands to prefix + filler × repeat + suffix, written as
    a raw zip so that building it costs seconds, not the gigabytes it expands to."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(filler) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush(zlib.Z_FINISH)
    body = head + block * repeat + tail
    crc = zlib.crc32(prefix)
    for _ in range(repeat):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(filler) * repeat + len(suffix)
    assert size < 2**32

    source = zipfile.ZipFile(io.BytesIO(xlsx))
    parts = [(i.filename, source.read(i.filename)) for i in source.infolist()]
    out, central = io.BytesIO(), io.BytesIO()
    count = 0
    for filename, data in parts:
        if filename == member:
            compressed, crc32, length = body, crc, size
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            compressed = compressor.compress(data) + compressor.flush()
            crc32, length = zlib.crc32(data), len(data)
        encoded = filename.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                8,
                0,
                0,
                crc32,
                len(compressed),
                length,
                len(encoded),
                0,
            )
        )
        out.write(encoded)
        out.write(compressed)
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc32,
                len(compressed),
                length,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(encoded)
        count += 1
    start = out.tell()
    out.write(central.getvalue())
    out.write(
        struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central.getvalue()), start, 0)
    )
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.'
    b'org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
)
SHEET_TAIL = b"</t></is></c></row></sheetData></worksheet>"


@pytest.fixture(scope="module")
def plain_xlsx():
    return _workbook_bytes(
        [["indicator", "place", "period", "value"], ["a", "UA-46", "2025-01", 1]]
    )


def test_an_xlsx_whose_one_cell_expands_to_a_gibibyte_is_refused_unread(plain_xlsx):
    bomb = _deflate_bomb_zip(plain_xlsx, SHEET, SHEET_HEAD, b"A" * (16 * MIB), 64, SHEET_TAIL)
    assert len(bomb) < 2 * MIB
    tracemalloc.start()
    with pytest.raises(UnreadableFile, match="expands to more than"):
        read_table("bomb.xlsx", io.BytesIO(bomb))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 16 * MIB


def test_an_xlsx_expanding_to_gigabytes_of_rows_is_refused_before_parsing(plain_xlsx):
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>' * 4096
    head = SHEET_HEAD.split(b"<row")[0]
    bomb = _deflate_bomb_zip(plain_xlsx, SHEET, head, row, 8000, b"</sheetData></worksheet>")
    with pytest.raises(UnreadableFile, match="expands to more than"):
        read_table("rows.xlsx", io.BytesIO(bomb))


def test_the_archive_bounds_hold_for_honest_compression_too(plain_xlsx, monkeypatch):
    big = _workbook_bytes([["indicator", "value"], *[[f"i{n}", n] for n in range(20_000)]])
    assert _consume(read_table("big.xlsx", io.BytesIO(big))) == 20_000
    monkeypatch.setattr(workbooks, "XLSX_MAX_TOTAL_BYTES", 256 * 1024)
    with pytest.raises(UnreadableFile, match="expands to more than"):
        read_table("big.xlsx", io.BytesIO(big))


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData>'
    b"</worksheet>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData>'
    b"</worksheet>"
)


@pytest.mark.parametrize("sheet", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entities_in_sheet_xml_are_refused_as_not_a_valid_spreadsheet(plain_xlsx, sheet):
    hostile = _zip_replacing(plain_xlsx, SHEET, {SHEET: sheet})
    with pytest.raises(UnreadableFile, match="not a valid XLSX spreadsheet") as refused:
        _read_all("hostile.xlsx", hostile)
    assert "root:" not in str(refused.value)


def test_a_file_that_is_not_a_zip_is_not_a_valid_spreadsheet():
    with pytest.raises(UnreadableFile, match="not a valid XLSX spreadsheet"):
        read_table("fake.xlsx", io.BytesIO(b"indicator,value\na,1\n"))


def _csv_with_bad_byte_at(offset: int) -> bytes:
    lines, size = [b"indicator,place,period,value\n"], 30
    number = 0
    while size < offset + 200:
        number += 1
        line = f"children-in-care,UA-46,2025-{number % 12 + 1:02d},{number}\n".encode()
        lines.append(line)
        size += len(line)
    data = b"".join(lines)
    return data[:offset] + b"\xff" + data[offset:]


@pytest.mark.parametrize("offset", [6000, 9000, 50_000], ids=["4-8KB", "after-8KB", "deep"])
def test_invalid_utf8_anywhere_names_its_row(offset):
    data = _csv_with_bad_byte_at(offset)
    expected_row = data[:offset].count(b"\n") + 1
    with pytest.raises(UnreadableFile, match="not UTF-8") as refused:
        _read_all("values.csv", data)
    assert refused.value.row == expected_row


def test_invalid_utf8_at_the_end_of_the_file_names_the_last_row():
    data = _csv_with_bad_byte_at(20_000).replace(b"\xff", b"")[:-1] + b"\xe2\x82"  # cut short
    with pytest.raises(UnreadableFile, match="not UTF-8") as refused:
        _read_all("values.csv", data)
    assert refused.value.row == data.count(b"\n") + 1


@pytest.mark.parametrize("row", [2, 40])
def test_a_ten_megabyte_cell_is_refused_with_its_row_and_column(row):
    lines = ["indicator,place,period,value"]
    lines += [f"children-in-care,UA-46,2025-01,{n}" for n in range(2, 60)]
    lines[row - 1] = "children-in-care,UA-46," + "9" * (10 * MIB) + ",1"
    data = ("\n".join(lines) + "\n").encode()
    tracemalloc.start()
    with pytest.raises(UnreadableFile, match="longer than 32,767 characters") as refused:
        _read_all("values.csv", data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (refused.value.row, refused.value.column) == (row, "3")
    assert peak < 64 * MIB


def test_an_over_long_cell_in_an_xlsx_is_refused_with_its_row_and_column(monkeypatch):
    monkeypatch.setattr(workbooks, "MAX_CELL_CHARS", 100)
    data = _workbook_bytes([["indicator", "value"], ["a", 1], ["b" * 101, 2]])
    with pytest.raises(UnreadableFile) as refused:
        _read_all("long.xlsx", data)
    assert (refused.value.row, refused.value.column) == (3, "1")


class _SlowUpload(io.BytesIO):
    """A client sending its file slowly: each read takes a while."""

    def read(self, size=-1):
        time.sleep(0.02)
        return super().read(min(size, 4096) if size and size > 0 else 4096)

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def test_reading_stops_when_its_time_is_up():
    data = ("indicator,value\n" + "a,1\n" * 50_000).encode()
    table = read_table("slow.csv", _SlowUpload(data), seconds=0.3)
    with pytest.raises(UnreadableFile, match="took too long") as refused:
        _consume(table)
    assert 1 < refused.value.row < 50_000


def test_hxl_headers_lose_the_byte_order_mark():
    data = "\ufeffREGION,VALUE\n#adm1+code,#indicator+value\nUA-46,3\n".encode()
    table = read_table("tagged.csv", io.BytesIO(data))
    assert table.headers == ["REGION", "VALUE"]
    assert _consume(table) == 1


VALID_CSV = b"indicator,place,period,value\nchildren-in-care,UA-46,2025-01,12\n"
VALID_HXL = b"Indicator,Place,Value\n#indicator+code,#adm1+code,#indicator+value\na,UA-46,3\n"


def _outcome(name: str, data: bytes) -> str:
    try:
        _read_all(name, data)
    except UnreadableFile as error:
        assert str(error)
        return "refused"
    return "read"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4096), name=st.sampled_from(["f.csv", "f.xlsx", "f.txt"]))
def test_random_bytes_are_read_or_refused_never_crash(data, name):
    assert _outcome(name, data) in {"read", "refused"}


@pytest.fixture(scope="module")
def valid_files(plain_xlsx):
    return {"f.csv": VALID_CSV, "f.hxl.csv": VALID_HXL, "f.xlsx": plain_xlsx}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(["f.csv", "f.hxl.csv", "f.xlsx"]),
    cut=st.floats(min_value=0, max_value=1),
    flips=st.lists(st.tuples(st.floats(min_value=0, max_value=1), st.integers(0, 255)), max_size=4),
)
def test_truncated_or_damaged_valid_files_are_read_or_refused_never_crash(
    valid_files, name, cut, flips
):
    data = bytearray(valid_files[name][: int(len(valid_files[name]) * cut)])
    for where, byte in flips:
        if data:
            data[min(int(where * len(data)), len(data) - 1)] = byte
    assert _outcome(name, bytes(data)) in {"read", "refused"}
