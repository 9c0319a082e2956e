import { describe, expect, it } from "vitest";
import type { TFeatureSpec } from "./columns";
import { parseCsvBatch } from "./csv";
import { validateBatch } from "./validate-batch";

const SCHEMA: TFeatureSpec[] = [
  { name: "income", type: "numeric" },
  { name: "region", type: "categorical" },
  { name: "note", type: "categorical" },
];
const parse = (text: string, maxRows = 1000) => parseCsvBatch(text, SCHEMA, { maxRows });

describe("parseCsvBatch", () => {
  it("parses a plain file into columns, numbers by schema type", () => {
    const r = parse("income,region,note\n1200,north,a\n-3.5e2,south,b\n");
    expect(r.fatal).toEqual([]);
    expect(r.batch).toEqual({ columns: { income: [1200, -350], region: ["north", "south"], note: ["a", "b"] } });
  });

  it("handles quotes, escaped quotes, commas and line breaks inside quotes, CRLF and a BOM", () => {
    const r = parse('\ufeffincome,region,note\r\n"1,5",north,"say ""hi"", then go"\r\n2,"so\r\nuth",""\r\n');
    expect(r.fatal).toEqual([]);
    // "1,5" is not a number: kept as text so validation names its row.
    expect(r.batch!.columns).toEqual({
      income: ["1,5", 2],
      region: ["north", "so\r\nuth"],
      note: ['say "hi", then go', null],
    });
  });

  it("reads empty fields as missing, and NaN-like text as missing in numeric columns only", () => {
    const r = parse("income,region,note\n,NA,\nNaN,north,x\n null ,,y\n");
    expect(r.batch!.columns).toEqual({
      income: [null, null, null],
      region: ["NA", "north", null],
      note: [null, "x", "y"],
    });
  });

  it("takes prediction and label columns, and __prediction__ when a feature owns the short name", () => {
    const r = parse("income,prediction,label\n1,0.25,1\n2,0.75,\n");
    expect(r.batch).toEqual({ columns: { income: [1, 2] }, prediction: [0.25, 0.75], label: [1, null] });
    const own = parseCsvBatch("label,__label__\nx,1\n", [{ name: "label", type: "categorical" }], { maxRows: 10 });
    expect(own.batch).toEqual({ columns: { label: ["x"] }, label: [1] });
  });

  it("keeps unknown columns as text for validation to report", () => {
    expect(parse("income,mystery\n1,2\n").batch!.columns).toEqual({ income: [1], mystery: ["2"] });
  });

  it("skips blank lines", () => {
    expect(parse("income\n1\n\n2\n\n").batch!.columns.income).toEqual([1, 2]);
  });

  it("refuses an unterminated quote, naming the row and the line where it opened", () => {
    const r = parse('income,region,note\n1,north,a\n2,"south,b\n3,east,c\n');
    expect(r.batch).toBeNull();
    expect(r.fatal).toEqual([
      {
        row: 1,
        path: "csv.row.1",
        message: "Row 1: the quoted field opened on line 3 is never closed (record starting on line 3).",
      },
    ]);
  });

  it("refuses text after a closing quote", () => {
    const r = parse('income,region,note\n1,"north"x,a\n');
    expect(r.fatal[0]).toMatchObject({ row: 0, path: "csv.row.0" });
    expect(r.fatal[0]!.message).toMatch(/after a closing quote/);
  });

  it("refuses records with the wrong number of fields, each with its row and line", () => {
    const r = parse("income,region,note\n1,north\n2,south,b\n3,east,c,d\n");
    expect(r.fatal).toEqual([
      { row: 0, path: "csv.row.0", message: "Row 0 (line 2) has 2 fields; the header has 3." },
      { row: 2, path: "csv.row.2", message: "Row 2 (line 4) has 4 fields; the header has 3." },
    ]);
  });

  it("refuses an empty file, a duplicate or empty header name, and unparseable predictions", () => {
    expect(parse("").fatal[0]!.path).toBe("csv");
    expect(parse("income,income\n1,2\n").fatal[0]).toEqual({
      path: "csv.header",
      message: 'The header names "income" twice.',
    });
    expect(parse("income,,note\n1,2,3\n").fatal[0]).toEqual({
      path: "csv.header",
      message: "Header column 2 has no name.",
    });
    expect(parse("income,prediction\n1,high\n").fatal[0]).toEqual({
      row: 0,
      path: "prediction.0",
      message: 'Row 0 (line 2): prediction "high" is not a number.',
    });
  });

  it("refuses more data rows than the limit", () => {
    expect(parse("income\n1\n2\n3\n", 2).fatal[0]!.message).toMatch(/more than 2 data rows/);
  });

  it("hands non-numeric text in a numeric column to validation, which names the row", () => {
    const r = parse("income,region\n1,north\nlots,south\n");
    const v = validateBatch(SCHEMA, r.batch!, { maxRows: 10, problemType: "OTHER" });
    expect(v.fatal).toEqual([
      { row: 1, path: "columns.income.1", message: 'Row 1: "lots" is not a number, and "income" is numeric.' },
    ]);
  });
});
