/**
 * Decimal formatting of float32 values the way numpy's Dragon4 does it (`np.format_float_positional`
 * and `np.format_float_scientific` on `np.float32` scalars), plus numpy's `str()` of a float32 scalar.
 *
 * Dragon4's rules, restated: in "unique" mode it emits the fewest digits that identify the value
 * among float32s (a decimal exactly on the rounding boundary counts when the significand is even,
 * as IEEE round-half-even parsing would read it back), choosing the closest such decimal with ties
 * to an even last digit; a maximum cut-off rounds to nearest, ties to even; a minimum digit count
 * keeps emitting digits of the exact binary value. JS's own `toPrecision` breaks ties upwards and
 * knows nothing of float32 neighbours, so the digits are generated here, on exact integers: doubles
 * while every intermediate stays below 2^53 (values from about 6e-8 to 1e13), BigInt otherwise.
 */

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Significant decimal digits and the power of ten of the first one: `1.25` is `{ "125", 0 }`. */
export interface DecimalDigits {
  digits: string;
  exp: number;
}

/** Options of the digit generator, named as in numpy's Dragon4. */
export interface DigitOptions {
  /** Shortest unique digits (true) or exact digits of the binary value (false). Default true. */
  unique?: boolean;
  /** Whether `precision`/`minDigits` count digits after the point (true) or all digits. */
  fractional?: boolean;
  /** Cut-off: at most this many digits (negative or undefined: no cut-off). */
  precision?: number;
  /** Keep generating digits until at least this many (unique mode only). */
  minDigits?: number;
}

/** A float32 split as `m * 2^e2`, with the facts Dragon4 needs about its neighbours. */
interface Parts {
  m: number;
  e2: number;
  /** The gap below is half the gap above (an exact power of two above the lowest binade). */
  unequal: boolean;
  /** An even significand means values exactly halfway to a neighbour still read back as it. */
  even: boolean;
}

function splitFloat32(x: number): Parts {
  F32[0] = x;
  const bits = U32[0];
  const be = (bits >>> 23) & 0xff;
  const frac = bits & 0x7fffff;
  if (be === 0) return { m: frac, e2: -149, unequal: false, even: (frac & 1) === 0 };
  return {
    m: frac | 0x800000,
    e2: be - 150,
    unequal: be > 1 && frac === 0,
    even: (frac & 1) === 0,
  };
}

/**
 * Where the digit loop stops: never before `minPos` unless forced by `maxPos`, and at `maxPos`
 * at the latest (positions are powers of ten; the first digit has position k-1).
 */
function stopPositions(k: number, o: Required<DigitOptions>): [number, number] {
  let maxPos = -Infinity;
  if (o.precision >= 0) maxPos = o.fractional ? -o.precision : k - o.precision;
  let minPos = k;
  if (o.minDigits >= 0) minPos = Math.min(k, o.fractional ? -o.minDigits : k - o.minDigits);
  return [maxPos, minPos];
}

/** Applies the final rounding decision; a carry drops the digits it passes, as in Dragon4. */
function finish(out: number[], digit: number, roundDown: boolean, exp: number): DecimalDigits {
  if (roundDown) out.push(digit);
  else if (digit < 9) out.push(digit + 1);
  else {
    while (out.length > 0 && out[out.length - 1] === 9) out.pop();
    if (out.length === 0) {
      out.push(1);
      exp++;
    } else out[out.length - 1]++;
  }
  let s = "";
  for (let i = 0; i < out.length; i++) s += out[i];
  return { digits: s, exp };
}

// Largest scale for which n*10 and n+mh stay exact integers in a double.
const SAFE = 2 ** 49;

/**
 * Dragon4 on doubles holding exact integers: `v / 10^k = n / d`, and `ml / d`, `mh / d` are the
 * half-gaps to the neighbours below and above. Returns null when a scale would reach 2^49.
 */
function dragon4Small(p: Parts, o: Required<DigitOptions>): DecimalDigits | null {
  const { m, e2, unequal, even } = p;
  const n0 = e2 >= 0 ? m * 2 ** (e2 + 2) : 4 * m;
  const d0 = e2 >= 0 ? 4 : 2 ** (2 - e2);
  const ml0 = (e2 >= 0 ? 2 ** (e2 + 1) : 2) / (unequal ? 2 : 1);
  let n = 0, d = 0, ml = 0;
  const scale = (k: number): boolean => {
    if (k >= 0) {
      n = n0;
      d = d0 * 10 ** k;
      ml = ml0;
    } else {
      const s = 10 ** -k;
      n = n0 * s;
      d = d0;
      ml = ml0 * s;
    }
    return d < SAFE && n < SAFE;
  };
  let k = Math.floor(Math.log10(m) + e2 * Math.log10(2)) + 1;
  if (!scale(k)) return null;
  while (n >= d) if (!scale(++k)) return null;
  while (n * 10 < d) if (!scale(--k)) return null;
  // A fractional cut-off above the first digit makes Dragon4 start at the cut-off digit.
  if (o.fractional && o.precision >= 0 && k <= -o.precision) {
    k = -o.precision + 1;
    if (!scale(k)) return null;
  }
  const [maxPos, minPos] = stopPositions(k, o);
  const out: number[] = [];
  let mh = unequal ? 2 * ml : ml;
  let pos = k, digit = 0, low = false, high = false;
  for (;;) {
    pos--;
    n *= 10;
    const r = n % d;
    digit = (n - r) / d;
    n = r;
    if (o.unique) {
      // Once ml exceeds d it may lose exactness, but then it also dwarfs n and d.
      ml *= 10;
      mh = unequal ? 2 * ml : ml;
      low = even ? n <= ml : n < ml;
      high = even ? n + mh >= d : n + mh > d;
      if (((low || high) && pos <= minPos) || pos === maxPos) break;
    } else if (n === 0 || pos === maxPos) break;
    out.push(digit);
  }
  let roundDown = low;
  if (low === high) roundDown = 2 * n < d || (2 * n === d && digit % 2 === 0);
  return finish(out, digit, roundDown, k - 1);
}

const POW10_BIG: bigint[] = [1n];
function pow10n(k: number): bigint {
  while (POW10_BIG.length <= k) POW10_BIG.push(POW10_BIG[POW10_BIG.length - 1] * 10n);
  return POW10_BIG[k];
}

/** The same algorithm on BigInt, for any float32. */
function dragon4Big(p: Parts, o: Required<DigitOptions>): DecimalDigits {
  const { m, e2, unequal, even } = p;
  let n: bigint, d: bigint, ml: bigint;
  if (e2 >= 0) {
    n = BigInt(m) << BigInt(e2 + 2);
    d = 4n;
    ml = 1n << BigInt(e2 + 1);
  } else {
    n = BigInt(m) << 2n;
    d = 1n << BigInt(2 - e2);
    ml = 2n;
  }
  if (unequal) ml >>= 1n;
  let k = Math.floor(Math.log10(m) + e2 * Math.log10(2)) + 1;
  const atLeast = (j: number) => (j >= 0 ? n >= d * pow10n(j) : n * pow10n(-j) >= d);
  while (atLeast(k)) k++;
  while (!atLeast(k - 1)) k--;
  if (o.fractional && o.precision >= 0 && k <= -o.precision) k = -o.precision + 1;
  if (k >= 0) d *= pow10n(k);
  else {
    n *= pow10n(-k);
    ml *= pow10n(-k);
  }
  const [maxPos, minPos] = stopPositions(k, o);
  const out: number[] = [];
  let mh = unequal ? 2n * ml : ml;
  let pos = k, digit = 0, low = false, high = false;
  for (;;) {
    pos--;
    n *= 10n;
    digit = Number(n / d);
    n %= d;
    if (o.unique) {
      ml *= 10n;
      mh = unequal ? 2n * ml : ml;
      low = even ? n <= ml : n < ml;
      high = even ? n + mh >= d : n + mh > d;
      if (((low || high) && pos <= minPos) || pos === maxPos) break;
    } else if (n === 0n || pos === maxPos) break;
    out.push(digit);
  }
  let roundDown = low;
  if (low === high) roundDown = 2n * n < d || (2n * n === d && digit % 2 === 0);
  return finish(out, digit, roundDown, k - 1);
}

function resolveDigitOptions(o: DigitOptions): Required<DigitOptions> {
  return {
    unique: o.unique ?? true,
    fractional: o.fractional ?? true,
    precision: o.precision ?? -1,
    minDigits: o.minDigits ?? -1,
  };
}

/**
 * Dragon4 digits of a float32 (its magnitude; `x` is rounded to float32 first). Zero gives "0".
 *
 * @example
 * float32Digits(1 / 3); // { digits: "33333334", exp: -1 }
 * float32Digits(2 ** -9, { precision: 8 }); // { digits: "195312", exp: -3 } (ties to even)
 */
export function float32Digits(x: number, opts: DigitOptions = {}): DecimalDigits {
  const o = resolveDigitOptions(opts);
  const a = Math.abs(Math.fround(x));
  if (!Number.isFinite(a)) throw new RangeError(`float32Digits: ${x} is not finite`);
  if (a === 0) return { digits: "0", exp: 0 };
  const p = splitFloat32(a);
  return dragon4Small(p, o) ?? dragon4Big(p, o);
}

/**
 * The same digits computed only with BigInt arithmetic (slower; for cross-checking).
 *
 * @example
 * float32DigitsExact(0.1); // { digits: "1", exp: -1 }
 */
export function float32DigitsExact(x: number, opts: DigitOptions = {}): DecimalDigits {
  const a = Math.abs(Math.fround(x));
  if (!Number.isFinite(a)) throw new RangeError(`float32DigitsExact: ${x} is not finite`);
  if (a === 0) return { digits: "0", exp: 0 };
  return dragon4Big(splitFloat32(a), resolveDigitOptions(opts));
}

/**
 * numpy's trim modes: "k" keeps trailing zeros (padding to the requested digits), "." trims them
 * but keeps the point ("1."), "0" keeps one zero after the point ("1.0"), "-" drops the point too.
 */
export type TrimMode = "k" | "." | "0" | "-";

/** Options of {@link formatPositional}; `null`/undefined mean numpy's `None`. */
export interface PositionalOptions {
  precision?: number | null;
  unique?: boolean;
  fractional?: boolean;
  trim?: TrimMode;
  sign?: boolean;
  padLeft?: number | null;
  padRight?: number | null;
  minDigits?: number | null;
}

/** Options of {@link formatScientific}; `null`/undefined mean numpy's `None`. */
export interface ScientificOptions {
  precision?: number | null;
  unique?: boolean;
  trim?: TrimMode;
  sign?: boolean;
  padLeft?: number | null;
  expDigits?: number | null;
  minDigits?: number | null;
}

function nonNegative(v: number | null | undefined, name: string): number {
  if (v === null || v === undefined) return -1;
  if (!(v >= 0) || !Number.isInteger(v)) throw new RangeError(`${name} must be an integer >= 0`);
  return v;
}

/** Sign prefix, or the whole text for nan/inf (numpy prints those without padding). */
function signOf(v: number, plus: boolean): { sign: string; special?: string } {
  const sign = v < 0 || Object.is(v, -0) ? "-" : plus ? "+" : "";
  if (Number.isNaN(v)) return { sign: "", special: "nan" };
  if (!Number.isFinite(v)) return { sign, special: sign + "inf" };
  return { sign };
}

function trimZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return s.slice(0, end);
}

/**
 * `np.format_float_positional(np.float32(x), ...)`: positional notation with Dragon4 digits.
 *
 * @example
 * formatPositional(1 / 3); // "0.33333334"
 * formatPositional(2, { trim: "." }); // "2."
 * formatPositional(0.5, { precision: 3, unique: false, padLeft: 3 }); // "  0.500"
 */
export function formatPositional(x: number, opts: PositionalOptions = {}): string {
  const v = Math.fround(x);
  const unique = opts.unique ?? true, fractional = opts.fractional ?? true;
  const trim = opts.trim ?? "k";
  const precision = nonNegative(opts.precision, "precision");
  const minDigits = nonNegative(opts.minDigits, "minDigits");
  const padLeft = nonNegative(opts.padLeft, "padLeft");
  const padRight = nonNegative(opts.padRight, "padRight");
  if (!unique && precision < 0) throw new TypeError("in non-unique mode `precision` must be given");
  if (!fractional && precision === 0) {
    throw new RangeError("precision must be greater than 0 if fractional is false");
  }
  if (minDigits > 0 && precision > 0 && minDigits > precision) {
    throw new RangeError("minDigits must be less than or equal to precision");
  }
  const { sign, special } = signOf(v, opts.sign ?? false);
  if (special !== undefined) return special;

  const dg = float32Digits(v, { unique, fractional, precision, minDigits });
  const n = dg.digits.length, e = dg.exp;
  let whole: string, frac: string, numWhole: number;
  if (e >= 0) {
    numWhole = e + 1;
    whole = n <= numWhole ? dg.digits + "0".repeat(numWhole - n) : dg.digits.slice(0, numWhole);
    frac = n <= numWhole ? "" : dg.digits.slice(numWhole);
  } else {
    numWhole = 1;
    whole = "0";
    frac = "0".repeat(-e - 1) + dg.digits;
  }
  let dot = trim !== "-" || frac.length > 0;
  const add = unique ? minDigits : precision;
  const desired = fractional ? Math.max(add, 0) : add - numWhole;
  if (trim === "0" && frac.length === 0) frac = "0";
  else if (trim === "k" && desired > frac.length) frac += "0".repeat(desired - frac.length);
  if (trim !== "k" && frac.length > 0) {
    frac = trimZeros(frac);
    if (frac.length === 0) {
      if (trim === "0") frac = "0";
      else if (trim === "-") dot = false;
    }
  }
  let right = "";
  if (padRight >= frac.length) {
    right = (trim === "-" && frac.length === 0 ? " " : "") + " ".repeat(padRight - frac.length);
  }
  const left = padLeft > numWhole + sign.length ? " ".repeat(padLeft - numWhole - sign.length) : "";
  return left + sign + whole + (dot ? "." : "") + frac + right;
}

/**
 * `np.format_float_scientific(np.float32(x), ...)`: `d.ddde+XX` with Dragon4 digits.
 *
 * @example
 * formatScientific(1e-5); // "1.e-05"
 * formatScientific(1 / 3, { trim: "-" }); // "3.3333334e-01"
 * formatScientific(1.5, { precision: 3, unique: false, expDigits: 3 }); // "1.500e+000"
 */
export function formatScientific(x: number, opts: ScientificOptions = {}): string {
  const v = Math.fround(x);
  const unique = opts.unique ?? true;
  const trim = opts.trim ?? "k";
  const precision = nonNegative(opts.precision, "precision");
  const minDigits = nonNegative(opts.minDigits, "minDigits");
  const padLeft = nonNegative(opts.padLeft, "padLeft");
  let expDigits = nonNegative(opts.expDigits, "expDigits");
  if (!unique && precision < 0) throw new TypeError("in non-unique mode `precision` must be given");
  if (minDigits > 0 && precision > 0 && minDigits > precision) {
    throw new RangeError("minDigits must be less than or equal to precision");
  }
  const { sign, special } = signOf(v, opts.sign ?? false);
  if (special !== undefined) return special;

  const dg = float32Digits(v, {
    unique,
    fractional: false,
    precision: precision < 0 ? -1 : precision + 1,
    minDigits: minDigits < 0 ? -1 : minDigits + 1,
  });
  const leftChars = 1 + sign.length;
  const left = padLeft > leftChars ? " ".repeat(padLeft - leftChars) : "";
  let frac = dg.digits.slice(1);
  const dot = frac.length > 0 || trim !== "-";
  const add = Math.max(unique ? minDigits : precision, 0);
  if (trim === "0" && frac.length === 0) frac = "0";
  else if (trim === "k" && add > frac.length) frac += "0".repeat(add - frac.length);
  if (trim !== "k" && frac.length > 0) {
    // Unlike the positional case, a "-" trim that empties the fraction leaves the point ("1.e+00").
    frac = trimZeros(frac);
    if (frac.length === 0 && trim === "0") frac = "0";
  }
  if (expDigits > 5) expDigits = 5;
  if (expDigits < 0) expDigits = 2;
  const absExp = Math.abs(dg.exp);
  let expStr = absExp === 0 ? "" : String(absExp);
  if (expStr.length < expDigits) expStr = "0".repeat(expDigits - expStr.length) + expStr;
  return `${left}${sign}${dg.digits[0]}${dot ? "." : ""}${frac}e${
    dg.exp >= 0 ? "+" : "-"
  }${expStr}`;
}

/**
 * `str(np.float32(x))`: positional between 1e-4 and 1e16 (1e6 with `numpy2`, numpy >= 2.3),
 * always with a digit after the point; scientific outside, without a bare point.
 *
 * @example
 * float32Str(2); // "2.0"
 * float32Str(1e-5); // "1e-05"
 * float32Str(123456789); // "123456790.0"
 */
export function float32Str(x: number, numpy2 = false): string {
  const v = Math.fround(x);
  if (Number.isNaN(v)) return "nan";
  const a = Math.abs(v);
  if (a === 0 || (a < (numpy2 ? 1e6 : 1e16) && a >= 1e-4)) {
    return formatPositional(v, { trim: "0" });
  }
  return formatScientific(v, { trim: "-" });
}
