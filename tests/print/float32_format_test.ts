import { assert, test } from "../harness.ts";
import {
  type DigitOptions,
  float32Digits,
  float32DigitsExact,
  float32Str,
  formatPositional,
  formatScientific,
} from "../../src/print/float32_format.ts";
import { f32FromBits, printFixture } from "./fixture_util.ts";

function check(failures: string[], label: string, got: string, want: string) {
  if (got !== want) {
    failures.push(`${label}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
}

function report(failures: string[], total: number) {
  assert.ok(total > 0);
  if (failures.length > 0) {
    assert.fail(`${failures.length}/${total} mismatches:\n${failures.slice(0, 20).join("\n")}`);
  }
}

test("float32 shortest digits match numpy (scientific, positional, str) on fixture values", () => {
  const failures: string[] = [];
  let total = 0;
  for (const row of printFixture.scalars) {
    const [bits, sci, pos8, str, str2] = row as [number, string, string, string, string?];
    const x = f32FromBits(bits);
    const label = `bits ${bits} (${x})`;
    check(failures, `${label} sci`, formatScientific(x, { trim: "-" }), sci);
    check(failures, `${label} pos8`, formatPositional(x, { precision: 8 }), pos8);
    check(failures, `${label} str`, float32Str(x), str);
    check(failures, `${label} str numpy2`, float32Str(x, true), str2 ?? str);
    total += 4;
  }
  report(failures, total);
});

test("format_float_positional / format_float_scientific options match numpy", () => {
  const failures: string[] = [];
  for (const [bits, kind, o, want] of printFixture.format_options) {
    const x = f32FromBits(bits);
    const common = {
      precision: o.precision as number | undefined,
      unique: o.unique as boolean,
      trim: o.trim as "k" | "." | "0" | "-",
      sign: o.sign as boolean,
      padLeft: o.pad_left as number | undefined,
      minDigits: o.min_digits as number | undefined,
    };
    const got = kind === "pos"
      ? formatPositional(x, {
        ...common,
        fractional: o.fractional as boolean,
        padRight: o.pad_right as number | undefined,
      })
      : formatScientific(x, { ...common, expDigits: o.exp_digits as number | undefined });
    check(failures, `${kind} ${x} ${JSON.stringify(o)}`, got, want);
  }
  report(failures, printFixture.format_options.length);
});

/** xorshift32: a fixed stream of bit patterns, the same on every run and runtime. */
function* bitStream(seed: number, count: number): Generator<number> {
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    yield s;
  }
}

const DIGIT_OPTIONS: DigitOptions[] = [
  {},
  { precision: 8 },
  { precision: 2 },
  { precision: 0 },
  { precision: 8, minDigits: 8 },
  { minDigits: 12 },
  { fractional: false, precision: 9, minDigits: 9 },
  { fractional: false, precision: 4 },
  { fractional: false, minDigits: 3 },
  { unique: false, precision: 8 },
  { unique: false, precision: 30 },
  { unique: false, fractional: false, precision: 3 },
];

test("double-based Dragon4 agrees with the BigInt one", () => {
  const failures: string[] = [];
  let total = 0;
  const values: number[] = [];
  for (const b of bitStream(2024, 6000)) {
    // Half raw bit patterns, half squeezed into the binades [2^-40, 2^40) the double path serves.
    const x = f32FromBits(b & 1 ? b : (b & 0x807fffff) | ((87 + (b >>> 24) % 80) << 23));
    if (Number.isFinite(x)) values.push(x);
  }
  for (let e = -149; e < 128; e++) values.push(2 ** e, Math.fround(3 * 2 ** e));
  for (let i = 0; i < 2000; i++) values.push(Math.fround(i / 8), Math.fround(i * 1000.5), i);
  for (const x of values.filter(Number.isFinite)) {
    for (const o of DIGIT_OPTIONS) {
      const a = float32Digits(x, o), b = float32DigitsExact(x, o);
      total++;
      if (a.digits !== b.digits || a.exp !== b.exp) {
        failures.push(`${x} ${JSON.stringify(o)}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      }
    }
  }
  report(failures, total);
});

test("float32 digits: documented examples", () => {
  assert.deepEqual(float32Digits(1 / 3), { digits: "33333334", exp: -1 });
  assert.deepEqual(float32Digits(0.1), { digits: "1", exp: -1 });
  assert.deepEqual(float32Digits(-0), { digits: "0", exp: 0 });
  // Exactly halfway at the 8th decimal: numpy rounds to the even digit, toFixed would not.
  assert.deepEqual(float32Digits(2 ** -9, { precision: 8 }), { digits: "195312", exp: -3 });
  assert.equal((2 ** -9).toFixed(8), "0.00195313");
  assert.equal(formatPositional(1 / 3), "0.33333334");
  assert.equal(formatPositional(0.1), "0.1");
  assert.equal(formatPositional(2, { trim: "." }), "2.");
  assert.equal(formatPositional(0.5, { precision: 3, unique: false, padLeft: 3 }), "  0.500");
  assert.equal(formatPositional(1e-9, { precision: 8 }), "0.00000000");
  assert.equal(formatPositional(-6e-9, { precision: 8 }), "-0.00000001");
  assert.equal(formatScientific(1e-5), "1.e-05");
  assert.equal(formatScientific(1 / 3, { trim: "-" }), "3.3333334e-01");
  assert.equal(formatScientific(1.5, { precision: 3, unique: false, expDigits: 3 }), "1.500e+000");
  assert.equal(formatScientific(1, { precision: 2, unique: false, trim: "-" }), "1e+00");
  assert.equal(formatPositional(NaN), "nan");
  assert.equal(formatPositional(-Infinity), "-inf");
  assert.equal(formatScientific(Infinity, { sign: true }), "+inf");
  assert.equal(float32Str(2), "2.0");
  assert.equal(float32Str(-0), "-0.0");
  assert.equal(float32Str(1e-5), "1e-05");
  assert.equal(float32Str(1e16), "1e+16");
  assert.equal(float32Str(123456789), "123456790.0");
  assert.equal(float32Str(1.5e7), "15000000.0");
  assert.equal(float32Str(1.5e7, true), "1.5e+07");
});

test("format options are validated like numpy", () => {
  assert.throws(() => formatPositional(1, { unique: false }), TypeError);
  assert.throws(() => formatPositional(1, { precision: -1 }), RangeError);
  assert.throws(() => formatPositional(1, { fractional: false, precision: 0 }), RangeError);
  assert.throws(() => formatScientific(1, { precision: 2, minDigits: 3 }), RangeError);
  assert.throws(() => float32Digits(Infinity), RangeError);
});
