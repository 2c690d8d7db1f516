import { assert, test } from "../harness.ts";
import type { DType } from "../../src/dtype.ts";
import { formatHtml, formatRepr, formatStr } from "../../src/print/repr.ts";
import {
  type ArrayCase,
  decodeCase,
  printFixture,
  printOptionsOf,
  reprCases,
  SUPPORTED,
} from "./fixture_util.ts";

function checkCase(c: ArrayCase) {
  const values = decodeCase(c);
  const dtype = c.dtype as DType;
  const printOptions = printOptionsOf(c);
  assert.equal(
    formatRepr(values, c.shape, dtype, c.weak_type, { printOptions }),
    c.DeviceArray_repr,
    "DeviceArray repr",
  );
  assert.equal(
    formatRepr(values, c.shape, dtype, c.weak_type, { prefix: "Array", printOptions }),
    c.Array_repr,
    "Array repr",
  );
  assert.equal(formatStr(values, c.shape, dtype, { printOptions }), c.str, "str");
}

// complex64 is in the shared spec for completeness; jaxscript has no complex dtype.
for (const c of reprCases.cases.filter((c) => SUPPORTED.includes(c.dtype))) {
  test(`repr_cases.json: ${c.name}`, () => checkCase(c));
}

test("repr_cases.json numpy>=2.3 differences, with numpy2: true", () => {
  const diffs = reprCases.numpy2_differences.cases;
  assert.ok(diffs.length > 0);
  for (const d of diffs) {
    const c = reprCases.cases.find((c) => c.name === d.name)!;
    const values = decodeCase(c);
    const dtype = c.dtype as DType;
    const got = (numpy2: boolean) =>
      d.field === "str"
        ? formatStr(values, c.shape, dtype, { printOptions: { numpy2 } })
        : formatRepr(values, c.shape, dtype, c.weak_type, {
          prefix: d.field === "Array_repr" ? "Array" : "DeviceArray",
          printOptions: { numpy2 },
        });
    assert.equal(got(false), d.numpy_1_24);
    assert.equal(got(true), d.numpy_2_4);
  }
});

for (const c of printFixture.arrays) {
  test(`print_cases.json: ${c.name}${c.options ? " " + JSON.stringify(c.options) : ""}`, () =>
    checkCase(c));
}

test("repr: float32(1e-4) as the smallest value (numpy 1.24 vs NEP 50 in numpy 2)", () => {
  // Checked against numpy 1.24.4 and 2.4.6: 1.24 compares with the double 1e-4, numpy 2 in float32.
  const x = new Float32Array([1e-4]);
  assert.equal(formatStr(x, [1], "float32"), "[1.e-04]");
  assert.equal(formatStr(x, [1], "float32", { printOptions: { numpy2: true } }), "[0.0001]");
  assert.equal(formatRepr(x, [], "float32", false), "DeviceArray(1.e-04, dtype=float32)");
});

test("repr: integer sign option (ignored by numpy 1.24, honoured by numpy 2)", () => {
  const x = new Int32Array([4, -1]);
  assert.equal(formatStr(x, [2], "int32", { printOptions: { sign: "+" } }), "[ 4 -1]");
  assert.equal(
    formatStr(x, [2], "int32", { printOptions: { sign: "+", numpy2: true } }),
    "[+4 -1]",
  );
  const u = new Uint32Array([4, 0]);
  assert.equal(
    formatStr(u, [2], "uint32", { printOptions: { sign: " ", numpy2: true } }),
    "[ 4  0]",
  );
});

test("repr: defaults, 0-d and empty arrays", () => {
  const f = new Float32Array([11, 20, 29]);
  assert.equal(formatRepr(f, [3], "float32", false), "DeviceArray([11., 20., 29.], dtype=float32)");
  assert.equal(formatStr(new Uint8Array([1]), [], "bool"), "True");
  assert.equal(formatRepr(new Uint8Array([1]), [], "bool", false), "DeviceArray(True, dtype=bool)");
  assert.equal(formatStr(new Int32Array([2231275]), [], "int32"), "2231275");
  assert.equal(
    formatRepr(new Float32Array(0), [3, 0, 2], "float32", false, { prefix: "Array" }),
    "Array([], shape=(3, 0, 2), dtype=float32)",
  );
  assert.equal(
    formatRepr(new Int32Array(0), [0], "int32", true),
    "DeviceArray([], dtype=int32, weak_type=True)",
  );
});

test("repr: print options flow through (precision, linewidth, threshold)", () => {
  const x = new Float32Array([1 / 3, 2 / 3]);
  assert.equal(
    formatRepr(x, [2], "float32", false, { printOptions: { precision: 3 } }),
    "DeviceArray([0.333, 0.667], dtype=float32)",
  );
  const y = Int32Array.from({ length: 10 }, (_, i) => i);
  assert.equal(
    formatStr(y, [10], "int32", { printOptions: { threshold: 5, edgeitems: 2 } }),
    "[0 1 ... 8 9]",
  );
  assert.equal(
    formatStr(y, [10], "int32", { printOptions: { linewidth: 10 } }),
    "[0 1 2 3\n 4 5 6 7\n 8 9]",
  );
});

test("html: 1-d and 2-d tables, escaping, fallback to <pre>", () => {
  const h1 = formatHtml(new Int32Array([1, -20]), [2], "int32", false);
  assert.match(h1, /^<table class="jaxscript-array"/);
  assert.match(h1, /<caption[^>]*>int32\[2\]<\/caption>/);
  assert.match(h1, /<td>1<\/td><td>-20<\/td>/);
  const h2 = formatHtml(new Float32Array([1, 2.5, -3, 4]), [2, 2], "float32", true);
  assert.match(h2, /weak_type=True/);
  assert.ok(h2.includes("<tr><th>1</th><td>-3.</td><td>4.</td></tr>"), h2);
  assert.equal((h2.match(/<tr>/g) ?? []).length, 3);
  const h0 = formatHtml(new Uint8Array([1]), [], "bool", false);
  assert.equal(h0, "<pre>DeviceArray(True, dtype=bool)</pre>");
  const big = formatHtml(new Float32Array(500), [500], "float32", false, { prefix: "Array" });
  assert.ok(big.startsWith("<pre>Array([0., 0., 0.,") && big.endsWith("dtype=float32)</pre>"));
  const h3 = formatHtml(new Float32Array(8), [2, 2, 2], "float32", false);
  assert.ok(h3.startsWith("<pre>DeviceArray([[[0., 0.],"));
  // Nothing the formatter prints needs escaping, but the option strings are user text.
  const esc = formatHtml(new Float32Array([NaN]), [1], "float32", false, {
    printOptions: { nanstr: "<b>&" },
  });
  assert.match(esc, /<td>&lt;b&gt;&amp;<\/td>/);
});
