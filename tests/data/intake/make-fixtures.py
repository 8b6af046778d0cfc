#!/usr/bin/env python3
"""Regenerate the intake test fixtures (run from this directory).

Small hand-made documents, each exercising one reader feature; the unit
tests (tests/unit/test_sheets.c, test_record.c) and tests/integration/
intake-files.sh assert their exact contents.  Deterministic: fixed ZIP
timestamps.
"""
import zipfile

TS = (2026, 1, 2, 3, 4, 6)


def zwrite(path, entries, first_stored=None):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, TS)
            info.compress_type = (zipfile.ZIP_STORED if name == first_stored
                                  else zipfile.ZIP_DEFLATED)
            z.writestr(info, data)


CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook ' + NS + '><sheets>'
      '<sheet name="Notlar" sheetId="1" r:id="rId2"/>'
      '<sheet name="Liste" sheetId="2" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
           '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/notes.xml"/>'
           '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
           '</Relationships>')
# shared strings: 0 header (rich text runs + phonetic run), 1..3 serials
SST = ('<?xml version="1.0" encoding="UTF-8"?><sst ' + NS + ' count="5" uniqueCount="5">'
       '<si><r><t>ÖKC </t></r><r><rPr><b/></rPr><t xml:space="preserve">Seri No</t></r>'
       '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>'
       '<si><t>FU00022547</t></si>'
       '<si><t> bca1234567 </t></si>'
       '<si><t>Sıra</t></si>'
       '<si><t>Bu sayfada seri yok</t></si></sst>')
NOTES = ('<?xml version="1.0" encoding="UTF-8"?><worksheet ' + NS + '><sheetData>'
         '<row r="1"><c r="A1" t="s"><v>4</v></c></row></sheetData></worksheet>')
SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet ' + NS + '><sheetData>'
         '<row r="1"><c r="A1" t="inlineStr"><is><t>ÖKC Sertifika Başvuru Listesi</t></is></c></row>'
         '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" t="s"><v>0</v></c><c r="C3" t="inlineStr"><is><t>Model</t></is></c></row>'
         '<row r="4"><c r="A4"><v>1</v></c><c r="B4" t="s"><v>1</v></c><c r="C4"><v>1.5</v></c></row>'
         '<row r="5"><c r="A5"><v>2.0</v></c><c r="B5" t="s"><v>2</v></c></row>'
         # row 6 missing: a blank row
         '<row r="7"><c r="A7"><v>3</v></c><c r="B7" t="inlineStr"><is><r><t>2A</t></r><r><t>00001234</t></r></is></c></row>'
         '<row r="8"><c r="A8"><f>A7+1</f><v>4</v></c><c r="B8" t="str"><f>"JH"&amp;"12345678"</f><v>JH12345678</v></c></row>'
         '<row r="9"><c r="A9"><v>5</v></c><c r="B9"><v>1.2345678E+7</v></c></row>'
         '<row r="10"><c r="A10"><v>6</v></c><c r="B10" t="s"><v>1</v></c><c r="C10" t="b"><v>1</v></c></row>'
         '</sheetData></worksheet>')
zwrite("list.xlsx", [("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                     ("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", WB_RELS),
                     ("xl/sharedStrings.xml", SST), ("xl/worksheets/notes.xml", NOTES),
                     ("xl/worksheets/sheet2.xml", SHEET)])

# An XLSX whose sheet has an internal DTD (never in OOXML): must be refused.
BOMB = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet ' + NS +
        '><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
WB1 = ('<?xml version="1.0" encoding="UTF-8"?><workbook ' + NS + '><sheets>'
       '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
zwrite("dtd.xlsx", [("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                    ("xl/workbook.xml", WB1), ("xl/worksheets/sheet1.xml", BOMB)])

ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
CONTENT = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content ' + ODS_NS +
           ' office:version="1.2"><office:body><office:spreadsheet>'
           '<table:table table:name="Başvuru">'
           '<table:table-column table:number-columns-repeated="3"/>'
           '<table:table-row><table:table-cell office:value-type="string"><text:p>Sıra</text:p></table:table-cell>'
           '<table:table-cell office:value-type="string"><text:p>Mali Sicil No</text:p></table:table-cell></table:table-row>'
           '<table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1,00</text:p></table:table-cell>'
           '<table:table-cell office:value-type="string"><text:p>FU<text:s/>00022547</text:p>'
           '<office:annotation><text:p>not: kontrol</text:p></office:annotation></table:table-cell></table:table-row>'
           '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>'
           '<table:table-row><table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>'
           '<table:table-cell office:value-type="string"><text:p><text:span>YAB</text:span>123456</text:p></table:table-cell></table:table-row>'
           '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1"/>'
           '<table:table-cell office:value-type="string"><text:p>PC7654321</text:p></table:table-cell></table:table-row>'
           '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
           '</table:table></office:spreadsheet></office:body></office:document-content>')
zwrite("list.ods", [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                    ("content.xml", CONTENT)], first_stored="mimetype")

# CSV, Windows-1254, ';' (Excel in a Turkish locale)
with open("list-1254.csv", "wb") as f:
    f.write("Sıra;Seri Numarası;Açıklama\r\n1;FU00022547;Şube İstanbul\r\n"
            "2;\"BCA 1234567\";Ğ ü ö ç ı\r\n3;;boş\r\n4;2A00001234;\"a;b\"\r\n"
            .encode("cp1254"))
# CSV, UTF-8 with BOM, ',' and quotes with embedded newline
with open("list-bom.csv", "wb") as f:
    f.write("\ufeffno,serial,note\n1,FU00022547,\"iki\nsatır\"\n2,fu00022548,ok\n"
            .encode("utf-8"))
# UTF-16LE tab-separated ("Unicode text" from Excel)
with open("list-utf16.txt", "wb") as f:
    f.write("\ufeffSeri No\tMarka\nJH12345678\tPAVO\n".encode("utf-16-le"))


def pdf(pages, extra=""):
    objs = ["<< /Type /Catalog /Pages 2 0 R %s>>" % extra,
            "<< /Type /Pages /Kids [%s] /Count %d >>" % (
                " ".join("%d 0 R" % (3 + i) for i in range(pages)), pages)]
    for i in range(pages):
        objs.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    out = "%PDF-1.4\n"
    for i, o in enumerate(objs):
        out += "%d 0 obj\n%s\nendobj\n" % (i + 1, o)
    # padding standing in for the scanned image stream
    out += "%% " + "scan " * 200 + "\n"
    out += "trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return out.encode("ascii")


with open("imza-sirkuleri.pdf", "wb") as f:
    f.write(pdf(2))
with open("basvuru-listesi-taranmis.pdf", "wb") as f:
    f.write(pdf(1))
with open("sirkuler-sifreli.pdf", "wb") as f:
    f.write(pdf(1).replace(b"trailer\n<< /Root 1 0 R >>",
                           b"trailer\n<< /Root 1 0 R /Encrypt 9 0 R >>"))
with open("sirkuler-kesik.pdf", "wb") as f:
    f.write(pdf(1)[:-40])
