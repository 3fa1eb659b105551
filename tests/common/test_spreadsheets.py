"""The one hardened spreadsheet reader: hostile and malformed files are refused as a whole with
a message for the person who uploaded them; formulas are marked, never kept."""

import io
import struct
import zipfile

import openpyxl
import pytest

from common.spreadsheets import (
    FORMULA_REFUSED,
    SpreadsheetRejected,
    build_workbook,
    check_container,
    read_sheet,
)

HEADER = ["Name", "Count"]


def workbook(*rows, header=HEADER) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_entry(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one more part added to its zip."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def replaced(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one part's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            body = content if entry.filename == name else source.read(entry.filename)
            archive.writestr(entry.filename, body)
    return buffer.getvalue()


def test_a_clean_workbook_gives_its_header_and_rows():
    sheet = read_sheet(workbook(["Ann", 3], [None, None], ["Bob", 4]))
    assert sheet.header == HEADER
    # The blank row 3 is skipped; row numbers are the ones the spreadsheet shows.
    assert [(r.number, r.values[:2], r.formulas) for r in sheet.rows] == [
        (2, ("Ann", 3), ()),
        (4, ("Bob", 4), ()),
    ]


def test_what_the_writer_makes_the_reader_reads_without_formulas():
    data = build_workbook(title="People", headers=HEADER, rows=[["=1+1", 2]])
    sheet = read_sheet(data)
    assert sheet.rows[0].values[:2] == ("'=1+1", 2)
    assert sheet.rows[0].formulas == ()


def test_a_formula_cell_is_marked_and_its_formula_not_kept():
    sheet = read_sheet(workbook(["Ann", "=SUM(1,2)"], ['=HYPERLINK("http://x")', 1]))
    assert [(r.number, r.values[:2], r.formulas) for r in sheet.rows] == [
        (2, ("Ann", None), (1,)),
        (3, (None, 1), (0,)),
    ]
    assert FORMULA_REFUSED == "Formulas are not accepted: type the value itself."


def test_too_many_rows_are_refused_and_the_limit_is_a_parameter():
    data = workbook(*[[f"Person {n}", n] for n in range(4)])
    assert len(read_sheet(data, max_rows=4).rows) == 4
    with pytest.raises(SpreadsheetRejected, match="more than 3 rows"):
        read_sheet(data, max_rows=3)


def test_columns_past_the_limit_are_not_read():
    sheet = read_sheet(workbook(["Ann", 3, "note"], header=[*HEADER, "Notes"]), max_columns=2)
    assert sheet.header == HEADER
    assert sheet.rows[0].values == ("Ann", 3)


def test_a_zip_bomb_is_refused_before_parsing():
    bomb = with_entry(workbook(), "xl/worksheets/sheet2.xml", b"0" * (20 * 1024 * 1024))
    with pytest.raises(SpreadsheetRejected, match="expands to far more data"):
        read_sheet(bomb)


def test_a_part_that_declares_more_than_its_limit_is_refused():
    data = with_entry(workbook(), "xl/media/big.bin", b"")
    # Claim that the empty part holds 60 MB: the declared size alone is enough to refuse it.
    at = data.rindex(b"PK\x01\x02")  # the central directory record of the last part added
    assert data[at + 46 : at + 46 + 16] == b"xl/media/big.bin"
    lied = data[: at + 24] + struct.pack("<I", 60 * 1024 * 1024) + data[at + 28 :]
    with pytest.raises(SpreadsheetRejected, match="expands to far more data"):
        check_container(lied)


def test_an_empty_part_is_harmless():
    data = with_entry(workbook(["Ann", 3]), "xl/empty.xml", b"")
    assert read_sheet(data).rows[0].values[:2] == ("Ann", 3)


@pytest.mark.parametrize("name", ["xl/vbaProject.bin", "XL/VBAPROJECT.BIN", "xl/vbaproject.bin"])
def test_macros_are_refused_whatever_the_case_of_their_name(name):
    with pytest.raises(SpreadsheetRejected, match="macros are not accepted"):
        read_sheet(with_entry(workbook(["Ann", 3]), name, b"\x00" * 64))


def test_a_non_zip_a_zip_without_a_workbook_and_a_wrong_name_are_not_excel():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    for data, name in ((b"hello, world", None), (buffer.getvalue(), None), (workbook(), "a.csv")):
        with pytest.raises(SpreadsheetRejected, match=r"This is not an Excel \(\.xlsx\) file"):
            read_sheet(data, name=name)


def test_a_file_over_the_size_limit_is_refused_and_the_limit_is_a_parameter():
    with pytest.raises(SpreadsheetRejected, match="larger than 5 MB"):
        check_container(b"0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(SpreadsheetRejected, match="larger than 2 KB"):
        read_sheet(workbook(["Ann", 3]), max_bytes=2048)


def test_xml_entities_are_refused_not_expanded():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    data = replaced(workbook(["Ann", 3]), "xl/worksheets/sheet1.xml", laughs)
    with pytest.raises(SpreadsheetRejected, match="could not be read"):
        read_sheet(data)
