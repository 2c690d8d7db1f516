import { assert, test } from "../harness.ts";
import {
  array2string,
  DEFAULT_PRINT_OPTIONS,
  elementFormatter,
  resolvePrintOptions,
} from "../../src/print/array2string.ts";
import { formatRepr } from "../../src/print/repr.ts";

// Expected strings below were printed by numpy 1.24.4's np.array2string with the same arguments.

test("array2string: separators, prefix and suffix", () => {
  const x = new Float32Array([1, 2.5, -3]);
  assert.equal(array2string(x, [3], "float32"), "[ 1.   2.5 -3. ]");
  assert.equal(array2string(x, [3], "float32", { separator: ", " }), "[ 1. ,  2.5, -3. ]");
  const y = Int32Array.from({ length: 12 }, (_, i) => i * 100);
  // The suffix shortens the usable width, the prefix indents continuation lines.
  assert.equal(
    array2string(y, [12], "int32", { linewidth: 30, prefix: "f(", suffix: ")", separator: "," }),
    "[   0, 100, 200, 300, 400,\n    500, 600, 700, 800, 900,\n   1000,1100]",
  );
});

test("array2string: nan/inf alignment and sign modes", () => {
  const x = new Float32Array([NaN, -Infinity, 1.5, -0]);
  assert.equal(array2string(x, [4], "float32"), "[ nan -inf  1.5 -0. ]");
  assert.equal(array2string(new Float32Array([NaN, Infinity]), [2], "float32"), "[nan inf]");
  const y = new Float32Array([1, 2]);
  assert.equal(array2string(y, [2], "float32", { sign: "+" }), "[+1. +2.]");
  assert.equal(array2string(y, [2], "float32", { sign: " " }), "[ 1.  2.]");
});

test("array2string: scientific switch and float modes", () => {
  const f = (v: number[], o = {}) => array2string(new Float32Array(v), [v.length], "float32", o);
  assert.equal(f([1e-5, 0.5]), "[1.e-05 5.e-01]");
  assert.equal(f([1e8, 2]), "[1.e+08 2.e+00]");
  assert.equal(f([1.5e6, 2.5e6]), "[1500000. 2500000.]");
  assert.equal(f([1.5e6, 2.5e6], { numpy2: true }), "[1.5e+06 2.5e+06]");
  assert.equal(f([1, 1000]), "[   1. 1000.]");
  assert.equal(f([1, 1001]), "[1.000e+00 1.001e+03]");
  assert.equal(f([1e-10, 1], { suppress: true }), "[0. 1.]");
  assert.equal(f([1 / 3, 0.5], { floatmode: "unique" }), "[0.33333334 0.5       ]");
  assert.equal(f([1 / 3, 0.5], { precision: 3, floatmode: "fixed" }), "[0.333 0.500]");
  assert.equal(f([1.5, 0.25], { floatmode: "maxprec_equal" }), "[1.50 0.25]");
  // Digits are those of the float32, rounded half to even at the precision.
  assert.equal(f([2 ** -9, 0.5]), "[0.00195312 0.5       ]");
  assert.equal(f([1 / 3, 1.2345678e-5]), "[3.3333334e-01 1.2345678e-05]");
});

test("array2string: summarization uses only the shown values", () => {
  const x = new Float32Array(2000).fill(3e38);
  x.set([1, 2, 3], 0);
  x.set([4, 5, 6], 1997);
  assert.equal(array2string(x, [2000], "float32"), "[1. 2. 3. ... 4. 5. 6.]");
  const y = Int32Array.from({ length: 24 }, (_, i) => i);
  assert.equal(
    array2string(y, [2, 3, 4], "int32", { threshold: 5, edgeitems: 1 }),
    "[[[ 0 ...  3]\n  ...\n  [ 8 ... 11]]\n\n [[12 ... 15]\n  ...\n  [20 ... 23]]]",
  );
});

test("array2string: bool, uint32, 0-d and empty", () => {
  assert.equal(array2string(new Uint8Array([1, 0]), [2], "bool"), "[ True False]");
  assert.equal(array2string(new Uint8Array([1]), [], "bool"), "True");
  assert.equal(
    array2string(new Uint32Array([4294967295, 0]), [2], "uint32"),
    "[4294967295          0]",
  );
  assert.equal(array2string(new Float32Array([-1.5]), [], "float32"), "-1.5");
  assert.equal(array2string(new Float32Array(0), [3, 0], "float32"), "[]");
  assert.throws(() => array2string(new Float32Array(2), [3], "float32"), RangeError);
});

test("print options: defaults and validation", () => {
  assert.equal(DEFAULT_PRINT_OPTIONS.linewidth, 75);
  assert.equal(resolvePrintOptions({ precision: 3, linewidth: undefined }).linewidth, 75);
  assert.equal(resolvePrintOptions({ precision: 3 }).precision, 3);
  assert.throws(() => resolvePrintOptions({ precision: -1 }), RangeError);
  assert.throws(() => resolvePrintOptions({ floatmode: "nope" as "fixed" }), RangeError);
  assert.throws(() => resolvePrintOptions({ sign: "x" as "+" }), RangeError);
  assert.equal(elementFormatter(new Float32Array([1, 2.5]), "float32")(1), "1. ");
});

test("performance: a 1000-element float32 repr takes well under 5 ms", () => {
  const x = new Float32Array(1000);
  let s = 1;
  for (let i = 0; i < x.length; i++) {
    s = (s * 16807) % 2147483647;
    x[i] = (1 + (9 * s) / 2147483647) * (i % 3 ? 1 : -1); // positional layout: 1 <= |x| < 10
  }
  const y = Float32Array.from(x, (v, i) => (i % 2 ? v * 1e-6 : v)); // scientific layout
  for (let i = 0; i < 20; i++) formatRepr(i % 2 ? x : y, [1000], "float32", false); // warm the JIT
  // The fastest of several runs: robust to GC pauses and to other work on a shared machine.
  const time = (a: Float32Array) => {
    let best = Infinity;
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      formatRepr(a, [1000], "float32", false);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const tPos = time(x), tSci = time(y);
  // Typically about 1 ms on Deno and 1.5 ms on Bun.
  assert.ok(
    tPos < 5 && tSci < 5,
    `positional ${tPos.toFixed(2)} ms, scientific ${tSci.toFixed(2)} ms`,
  );
});
