"""Recognising a publication's format, refusing what is not one, reading XML safely, and stable fingerprints."""

from __future__ import annotations

import pytest

from tests.unit.screening.formats_data import CONSOLIDATED, CSL, EU, EU_1_0, EU_1_1, SDN, UK, UN, entry, folder, one
from tradedesk.screening.formats import FORMATS, UnknownFormat, _common, detect, eu_fsf, parse, un_sc

PUBLICATIONS = {
    "ofac-sdn": lambda: folder(SDN),
    "ofac-consolidated": lambda: folder(CONSOLIDATED),
    "eu-1.1": lambda: one(EU, EU_1_1),
    "eu-1.0": lambda: one(EU, EU_1_0),
    "un": lambda: one(UN, "consolidated.xml"),
    "csl": lambda: one(CSL, "consolidated.csv"),
    "uk-fcdo": lambda: one(UK, "UK-Sanctions-List.csv"),
    "uk-ofsi": lambda: one(UK, "ConList.csv"),
}


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_detect_names_the_format_parse_reads(publication):
    files = PUBLICATIONS[publication]()
    assert detect(files) == parse(files).format
    assert detect(files) in FORMATS


def test_garbage_is_an_unknown_format_naming_what_was_seen():
    with pytest.raises(UnknownFormat, match=r"'notes.bin' starts b'\\x00\\x01 hello"):
        parse({"notes.bin": b"\x00\x01 hello, world"})


def test_an_unknown_format_is_a_value_error():
    assert issubclass(UnknownFormat, ValueError)


def test_no_files_is_an_unknown_format():
    with pytest.raises(UnknownFormat, match="no files given"):
        detect({})


def test_an_empty_file_is_an_unknown_format_saying_so():
    with pytest.raises(UnknownFormat, match=r"'list\.csv' is empty"):
        detect({"list.csv": b"\xef\xbb\xbf\r\n"})


def test_a_stray_file_in_an_ofac_set_is_an_unknown_format():
    with pytest.raises(UnknownFormat, match=r"'readme\.txt' is not one of the OFAC legacy CSV files"):
        detect(folder(SDN) | {"readme.txt": b"1 hello"})


def test_several_files_that_are_not_an_ofac_set_are_an_unknown_format():
    with pytest.raises(UnknownFormat, match=r"2 files \['a.csv', 'b.csv'\]"):
        detect({"a.csv": b"x", "b.csv": b"y"})


def test_an_ofac_file_under_another_name_asks_for_the_name():
    with pytest.raises(UnknownFormat, match=r"name it sdn\.csv or cons_prim\.csv"):
        detect({"download.csv": folder(SDN)["sdn.csv"]})


def test_a_file_named_like_ofac_but_holding_something_else_is_an_unknown_format():
    with pytest.raises(UnknownFormat, match=r"'sdn.csv' is named like an OFAC legacy CSV file but starts b'<html>"):
        detect({"sdn.csv": b"<html>Service unavailable</html>"})


def test_xml_with_another_root_is_an_unknown_format_naming_the_root():
    with pytest.raises(UnknownFormat, match=r"root element <\{urn:example\}sdnList>"):
        detect({"sdn.xml": b'<?xml version="1.0"?><sdnList xmlns="urn:example"/>'})


def test_malformed_xml_is_an_unknown_format():
    with pytest.raises(UnknownFormat, match="not well-formed"):
        detect({"list.xml": b"<CONSOLIDATED_LIST><INDIVIDUALS>"})


INTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST [<!ENTITY x "boom">]><CONSOLIDATED_LIST>&x;</CONSOLIDATED_LIST>'
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE export [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    b'<export xmlns="http://eu.europa.ec/fpi/fsd/export"><sanctionEntity logicalId="1">'
    b'<nameAlias wholeName="x"/><remark>&secret;</remark></sanctionEntity></export>'
)
EXPANSION = (
    b'<?xml version="1.0"?><!DOCTYPE WHOLE [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><WHOLE>&d;</WHOLE>'
)
EXTERNAL_DTD = (
    b'<?xml version="1.0"?><!DOCTYPE CONSOLIDATED_LIST SYSTEM "http://example.com/list.dtd"><CONSOLIDATED_LIST/>'
)


@pytest.mark.parametrize(
    "document",
    [INTERNAL_ENTITY, EXTERNAL_ENTITY, EXPANSION, EXTERNAL_DTD],
    ids=["internal-entity", "external-entity", "entity-expansion", "external-dtd"],
)
def test_xml_with_a_dtd_is_refused(document):
    with pytest.raises(ValueError, match="declares a DTD") as refused:
        parse({"list.xml": document})
    assert not isinstance(refused.value, UnknownFormat)


@pytest.mark.parametrize("parser", [eu_fsf.parse, un_sc.parse], ids=["eu", "un"])
def test_each_xml_parser_refuses_a_dtd_when_called_directly(parser):
    with pytest.raises(ValueError, match="declares a DTD"):
        parser(EXTERNAL_ENTITY)


def test_input_over_the_size_cap_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(_common, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(ValueError, match="more than the 1000 bytes"):
        parse(one(UN, "consolidated.xml"))


#: per publication: the file, the entry, and one alias of that entry as written, and changed
ALIAS_CHANGES = {
    "ofac-sdn": ("alt.csv", "6365", b'"BIN LADEN, Osama"', b'"BIN LADEN, Usamah"'),
    "ofac-consolidated": ("cons_alt.csv", "9639", b'"HANIYYA, Ismaeel"', b'"HANIYYA, Ismail"'),
    "eu-1.1": (EU_1_1, "207", b'wholeName="IBDA-C"', b'wholeName="IBDA-X"'),
    "eu-1.0": (EU_1_0, "13", b"<WHOLENAME>Abou Ali</WHOLENAME>", b"<WHOLENAME>Abou Aly</WHOLENAME>"),
    "un": ("consolidated.xml", "IQi.006", b"<ALIAS_NAME>Abu Brays</ALIAS_NAME>", b"<ALIAS_NAME>Abu Braiz</ALIAS_NAME>"),
    "csl": ("consolidated.csv", "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be", b"; HSRI;", b"; HSRJ;"),
    "uk-fcdo": ("UK-Sanctions-List.csv", "XMP0002", b"EKZAMPLEMAN,Iogan", b"EKSAMPLEMAN,Iogan"),
    "uk-ofsi": ("ConList.csv", "90002", b"EKZAMPLEMAN,Iogan", b"EKSAMPLEMAN,Iogan"),
}


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_fingerprints_are_the_same_for_two_parses(publication):
    first, second = parse(PUBLICATIONS[publication]()), parse(PUBLICATIONS[publication]())
    assert [e.fingerprint() for e in first.entries] == [e.fingerprint() for e in second.entries]


@pytest.mark.parametrize("publication", PUBLICATIONS)
def test_a_changed_alias_changes_that_entry_fingerprint_only(publication):
    file, entry_id, alias, changed = ALIAS_CHANGES[publication]
    files = PUBLICATIONS[publication]()
    assert files[file].count(alias) == 1
    before = parse(files)
    after = parse(files | {file: files[file].replace(alias, changed)})
    assert entry(after, entry_id).fingerprint() != entry(before, entry_id).fingerprint()
    others = [e.fingerprint() for e in before.entries if e.entry_id != entry_id]
    assert [e.fingerprint() for e in after.entries if e.entry_id != entry_id] == others
