/*
 * Metodekataloget: "Hent det, du ser" on /katalog/, as an Excel file (.xlsx) or as CSV for
 * Danish Excel. A static file, no inline script, no eval, no library: the .xlsx is written
 * here (a zip of six small XML files, the format's minimum plus a bold, frozen, filterable
 * heading row).
 *
 * Both come from data/projekter.csv, the projects in the dialect Danish Excel opens with a
 * double click (semicolon, UTF-8 with BOM, CRLF, decimal comma) and with the Danish column
 * headings of site_config/data_dictionary.yml (`label`). Without JavaScript the links fetch
 * the files with every project. With JavaScript the download is exactly the projects the
 * filters, the text and the sort give, in the order shown, also those not yet shown
 * ("Vis flere"); it relies on catalogue.js's `mk:katalog` event (see there).
 */
(function () {
  "use strict";

  var box = document.getElementById("mk-download");
  var table = box && document.getElementById(box.getAttribute("data-table"));
  var xlsxLink = document.getElementById("mk-xlsx");
  var csvLink = document.getElementById("mk-csv");
  var note = document.getElementById("mk-download-note");
  if (!table || !xlsxLink || !csvLink || !note || !window.fetch || !window.Blob || !window.URL ||
      !window.TextEncoder) return;
  var fmt = new Intl.NumberFormat("da-DK");
  var types = JSON.parse(box.getAttribute("data-columns")); // data-dictionary type per column
  var NUMBERS = { heltal: true, tal: true };
  var last = null; // the latest mk:katalog detail

  function everything() {
    return !last || last.all;
  }

  table.addEventListener("mk:katalog", function (event) {
    last = event.detail;
    var n = last.total;
    note.textContent = everything()
      ? box.getAttribute("data-t-all")
      : box.getAttribute("data-t-some").replace("{n}", fmt.format(n));
  });

  // --- data/projekter.csv: records (raw text, for the CSV) and fields (for the .xlsx)
  function records(text) {
    var out = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '"') quoted = !quoted;
      else if (c === "\n" && !quoted) {
        out.push(text.slice(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length) out.push(text.slice(start));
    return out;
  }

  function fields(record) {
    var out = [], field = "", quoted = false;
    record = record.replace(/\r?\n$/, "");
    for (var i = 0; i < record.length; i++) {
      var c = record.charAt(i);
      if (quoted) {
        if (c === '"' && record.charAt(i + 1) === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ";") { out.push(field); field = ""; }
      else field += c;
    }
    out.push(field);
    return out;
  }

  // The header and the rows of the wanted projects, in the order shown.
  function wanted() {
    var detail = last;
    var ids = detail ? detail.ids() : Promise.resolve(null);
    return Promise.all([fetch(box.getAttribute("data-source")).then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.text(); // decoding drops the BOM
    }), ids]).then(function (got) {
      var all = records(got[0].replace(/^\ufeff/, ""));
      var header = all[0], rows = all.slice(1);
      if (got[1] === null) return { header: header, rows: rows };
      var byId = {};
      rows.forEach(function (r) { byId[fields(r)[0]] = r; });
      return { header: header, rows: got[1].map(function (slug) { return byId[slug]; }).filter(Boolean) };
    });
  }

  function save(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }

  function fileName(ext) {
    return "metodekataloget-" + (everything() ? "projekter" : "udvalg") + "." + ext;
  }

  csvLink.addEventListener("click", function (event) {
    if (everything()) return; // the file itself, as the link says
    event.preventDefault();
    wanted().then(function (data) {
      var body = [data.header].concat(data.rows).map(function (r) { return r.replace(/\r?\n$/, ""); }).join("\r\n");
      save(new Blob(["\ufeff" + body + "\r\n"], { type: "text/csv;charset=utf-8" }), fileName("csv"));
    }).catch(function () { window.location.href = csvLink.href; });
  });

  xlsxLink.addEventListener("click", function (event) {
    event.preventDefault();
    wanted().then(function (data) {
      return xlsx([fields(data.header)].concat(data.rows.map(fields)));
    }).then(function (bytes) {
      save(new Blob([bytes], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }),
        fileName("xlsx"));
    }).catch(function () { window.location.href = xlsxLink.href; });
  });

  // --- a minimal .xlsx: one sheet, text as inline strings (never a formula), numbers as numbers
  var NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/g;
  var DEFUSED = /^'[=+\-@\t\r]/; // projekter.csv puts an apostrophe before a text Excel would run

  function esc(s) {
    return s.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function column(i) {
    var s = "";
    for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + (i - 1) % 26) + s;
    return s;
  }

  function sheet(rows) {
    var widths = rows[0].map(function (h) { return h.length; });
    var body = rows.map(function (cells, r) {
      return '<row r="' + (r + 1) + '">' + cells.map(function (v, c) {
        var ref = column(c) + (r + 1);
        if (r < 200) widths[c] = Math.max(widths[c], Math.min(v.length, 60));
        if (v === "") return "";
        var n = r > 0 && NUMBERS[types[c]] ? Number(v.replace(",", ".")) : NaN;
        if (!isNaN(n) && /^-?\d+([.,]\d+)?$/.test(v)) return '<c r="' + ref + '"><v>' + n + "</v></c>";
        if (r > 0 && DEFUSED.test(v)) v = v.slice(1); // the CSV's guard; an inline string is never a formula
        return '<c r="' + ref + '" t="inlineStr"' + (r === 0 ? ' s="1"' : "") + '><is><t xml:space="preserve">' +
          esc(v) + "</t></is></c>";
      }).join("") + "</row>";
    }).join("");
    var cols = widths.map(function (w, c) {
      return '<col min="' + (c + 1) + '" max="' + (c + 1) + '" width="' + (Math.max(w, 8) + 2) + '" customWidth="1"/>';
    }).join("");
    var last_ = column(rows[0].length - 1) + rows.length;
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
      "</sheetView></sheetViews><cols>" + cols + "</cols><sheetData>" + body + "</sheetData>" +
      '<autoFilter ref="A1:' + last_ + '"/></worksheet>';
  }

  function xlsx(rows) {
    var X = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    var files = [
      ["[Content_Types].xml", X + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        "</Types>"],
      ["_rels/.rels", X + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        "</Relationships>"],
      ["xl/workbook.xml", X + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<sheets><sheet name="Projekter" sheetId="1" r:id="rId1"/></sheets>' +
        '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Projekter!$A$1:$' +
        column(rows[0].length - 1) + "$" + rows.length + "</definedName></definedNames></workbook>"],
      ["xl/_rels/workbook.xml.rels", X + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        "</Relationships>"],
      ["xl/styles.xml", X + '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'],
      ["xl/worksheets/sheet1.xml", sheet(rows)],
    ];
    var encoder = new TextEncoder();
    return Promise.all(files.map(function (f) {
      var data = encoder.encode(f[1]);
      return deflate(data).then(function (packed) {
        return { name: encoder.encode(f[0]), data: data, packed: packed };
      });
    })).then(zip);
  }

  // Deflate where the browser can (CompressionStream), else store: both are valid zips.
  function deflate(data) {
    if (!window.CompressionStream || !window.Response) return Promise.resolve(null);
    try {
      var stream = new Blob([data]).stream().pipeThrough(new CompressionStream("deflate-raw"));
      return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); },
        function () { return null; });
    } catch (e) {
      return Promise.resolve(null);
    }
  }

  var CRC = (function () {
    var t = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();

  function crc32(data) {
    var c = 0xffffffff;
    for (var i = 0; i < data.length; i++) c = CRC[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  function zip(entries) {
    var parts = [], central = [], offset = 0;
    function header(size) {
      var b = new Uint8Array(size);
      return { bytes: b, view: new DataView(b.buffer) };
    }
    entries.forEach(function (e) {
      var method = e.packed ? 8 : 0, body = e.packed || e.data, crc = crc32(e.data);
      var local = header(30);
      local.view.setUint32(0, 0x04034b50, true);
      local.view.setUint16(4, 20, true);
      local.view.setUint16(6, 0x0800, true); // names are UTF-8
      local.view.setUint16(8, method, true);
      local.view.setUint16(10, 0, true);      // 00:00
      local.view.setUint16(12, 0x21, true);   // 1 January 1980: no clock reading
      local.view.setUint32(14, crc, true);
      local.view.setUint32(18, body.length, true);
      local.view.setUint32(22, e.data.length, true);
      local.view.setUint16(26, e.name.length, true);
      parts.push(local.bytes, e.name, body);
      var dir = header(46);
      dir.view.setUint32(0, 0x02014b50, true);
      dir.view.setUint16(4, 20, true);
      dir.view.setUint16(6, 20, true);
      dir.view.setUint16(8, 0x0800, true);
      dir.view.setUint16(10, method, true);
      dir.view.setUint16(14, 0x21, true);
      dir.view.setUint32(16, crc, true);
      dir.view.setUint32(20, body.length, true);
      dir.view.setUint32(24, e.data.length, true);
      dir.view.setUint16(28, e.name.length, true);
      dir.view.setUint32(42, offset, true);
      central.push(dir.bytes, e.name);
      offset += 30 + e.name.length + body.length;
    });
    var size = central.reduce(function (n, b) { return n + b.length; }, 0);
    var end = header(22);
    end.view.setUint32(0, 0x06054b50, true);
    end.view.setUint16(8, entries.length, true);
    end.view.setUint16(10, entries.length, true);
    end.view.setUint32(12, size, true);
    end.view.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end.bytes]));
  }
})();
