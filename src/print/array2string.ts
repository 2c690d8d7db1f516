/**
 * numpy's `array2string` for the dtypes jaxscript has (float32, int32, uint32, bool), following
 * numpy 1.24's `arrayprint.py` (what JAX 0.3.x printed with); `numpy2: true` switches to the few
 * rules numpy >= 2.3 changed for these dtypes.
 */

import type { DType } from "../dtype.ts";
import { formatPositional, formatScientific, type TrimMode } from "./float32_format.ts";

/**
 * numpy's `floatmode` print option: "fixed" (always `precision` digits), "unique" (the shortest
 * repr that round-trips, ignoring `precision`), "maxprec" (at most `precision` digits, default),
 * "maxprec_equal" (as maxprec, the same count for every element).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const mode: jnp.FloatMode = "fixed";
 * jnp.setPrintoptions({ floatmode: mode, precision: 2 });
 * console.log(jnp.array([1, 0.5])); // DeviceArray([1.00, 0.50], dtype=float32)
 * jnp.setPrintoptions({ floatmode: "maxprec", precision: 8 });
 * ```
 */
export type FloatMode = "fixed" | "unique" | "maxprec" | "maxprec_equal";

/**
 * numpy's `sign` print option: "-" only negatives, "+" always, " " a space for positives.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const sign: jnp.SignMode = "+";
 * jnp.setPrintoptions({ sign });
 * console.log(jnp.array([1.5, -2])); // DeviceArray([+1.5, -2. ], dtype=float32)
 * jnp.setPrintoptions({ sign: "-" });
 * ```
 */
export type SignMode = "-" | "+" | " ";

/**
 * numpy's print options (`np.set_printoptions`) that apply to jaxscript's dtypes: see
 * `jnp.setPrintoptions`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.PrintOptions = { threshold: 4, edgeitems: 1 };
 * jnp.setPrintoptions(opts);
 * console.log(jnp.arange(100)); // DeviceArray([ 0, ..., 99], dtype=int32)
 * jnp.setPrintoptions({ threshold: 1000, edgeitems: 3 });
 * ```
 */
export interface PrintOptions {
  /** Digits after the point for floats (default 8). */
  precision?: number;
  /** Arrays with more elements than this are summarized with "..." (default 1000). */
  threshold?: number;
  /** Items kept at each end of a summarized axis (default 3). */
  edgeitems?: number;
  /** Characters per line before wrapping (default 75). */
  linewidth?: number;
  /** Print tiny floats as 0 instead of switching to scientific notation (default false). */
  suppress?: boolean;
  /** How many float digits to print (default "maxprec"). */
  floatmode?: FloatMode;
  /** Sign of positive numbers (default "-": none). */
  sign?: SignMode;
  /** How NaN prints (default "nan"). */
  nanstr?: string;
  /** How infinity prints (default "inf"). */
  infstr?: string;
  /**
   * numpy >= 2.3 behaviour: float32 arrays switch to scientific at 1e6 (not 1e8), float32 scalars'
   * str at 1e6 (not 1e16), the 1e-4 test is made in float32, and `sign` applies to integers too.
   */
  numpy2?: boolean;
}

/** numpy's defaults. */
export const DEFAULT_PRINT_OPTIONS: Readonly<Required<PrintOptions>> = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
  suppress: false,
  floatmode: "maxprec",
  sign: "-",
  nanstr: "nan",
  infstr: "inf",
  numpy2: false,
});

const FLOAT_MODES: readonly string[] = ["fixed", "unique", "maxprec", "maxprec_equal"];

/**
 * Fills in numpy's defaults and rejects values numpy would reject.
 *
 * @example
 * resolvePrintOptions({ precision: 3 }).linewidth; // 75
 */
export function resolvePrintOptions(opts: PrintOptions = {}): Required<PrintOptions> {
  const o = { ...DEFAULT_PRINT_OPTIONS };
  for (const [key, value] of Object.entries(opts)) {
    if (value !== undefined) (o as Record<string, unknown>)[key] = value;
  }
  const counts = ["precision", "edgeitems", "linewidth"] as const;
  for (const key of counts) {
    if (!Number.isInteger(o[key]) || o[key] < 0) {
      throw new RangeError(`print option ${key} must be an integer >= 0, got ${o[key]}`);
    }
  }
  if (!(o.threshold >= 0)) throw new RangeError(`print option threshold must be >= 0`);
  if (!FLOAT_MODES.includes(o.floatmode)) {
    throw new RangeError(`floatmode must be one of ${FLOAT_MODES.join(", ")}, got ${o.floatmode}`);
  }
  if (o.sign !== "-" && o.sign !== "+" && o.sign !== " ") {
    throw new RangeError(`sign must be one of '-', '+', ' ', got ${o.sign}`);
  }
  return o;
}

/** Formats one element; every element of an array gets the same width. */
export type ElementFormatter = (x: number) => string;

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** numpy's FloatingFormat: one layout (positional or scientific, paddings) for all elements. */
function floatFormatter(data: ArrayLike<number>, o: Required<PrintOptions>): ElementFormatter {
  const finite: number[] = [];
  let hasNonFinite = false, hasNegInf = false;
  let maxAbs = 0, minAbs = Infinity;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (!Number.isFinite(x)) {
      hasNonFinite = true;
      if (x === -Infinity) hasNegInf = true;
      continue;
    }
    finite.push(x);
    const a = Math.abs(x);
    if (a !== 0) {
      if (a > maxAbs) maxAbs = a;
      if (a < minAbs) minAbs = a;
    }
  }
  const plus = o.sign === "+";
  let expFormat = false;
  if (maxAbs > 0) {
    // numpy 1.x compares the float32 minimum with the double 1e-4; numpy 2 (NEP 50) in float32.
    const small = o.numpy2 ? Math.fround(1e-4) : 1e-4;
    const ratio = Math.fround(maxAbs / minAbs); // numpy divides in float32
    expFormat = maxAbs >= (o.numpy2 ? 1e6 : 1e8) ||
      (!o.suppress && (minAbs < small || ratio > 1000));
  }
  const fixed = o.floatmode === "fixed";
  let precision: number | null = o.floatmode === "unique" ? null : o.precision;
  let minDigits: number | null = null;
  let trim: TrimMode = ".";
  let unique = true;
  let padLeft = 0, padRight = 0, expDigits = -1;
  // First-pass strings by value (zeros left out: the Map would not tell -0 from 0).
  const firstPass = new Map<number, string>();
  if (finite.length > 0 && expFormat) {
    unique = !fixed;
    const firstTrim: TrimMode = fixed ? "k" : ".";
    let fracLen = 0, expLen = 0;
    for (const x of finite) {
      const s = formatScientific(x, { precision, unique, trim: firstTrim, sign: plus });
      if (x !== 0) firstPass.set(x, s);
      const e = s.indexOf("e"), dot = s.indexOf(".");
      padLeft = Math.max(padLeft, dot);
      fracLen = Math.max(fracLen, e - dot - 1);
      expLen = Math.max(expLen, s.length - e - 2);
    }
    expDigits = expLen;
    precision = minDigits = fracLen;
    trim = "k";
    padRight = expDigits + 2 + precision;
  } else if (finite.length > 0) {
    unique = !fixed;
    const firstTrim: TrimMode = fixed ? "k" : ".";
    for (const x of finite) {
      const s = formatPositional(x, { precision, unique, trim: firstTrim, sign: plus });
      if (x !== 0) firstPass.set(x, s);
      const dot = s.indexOf(".");
      padLeft = Math.max(padLeft, dot);
      padRight = Math.max(padRight, s.length - dot - 1);
    }
    if (fixed || o.floatmode === "maxprec_equal") {
      precision = minDigits = padRight;
      trim = "k";
    } else minDigits = 0;
  }
  if (o.sign === " " && !finite.some(isNegative)) padLeft += 1;
  if (hasNonFinite) {
    const offset = padRight + 1;
    const negInf = o.sign !== "-" || hasNegInf ? 1 : 0;
    padLeft = Math.max(padLeft, o.nanstr.length - offset, o.infstr.length + negInf - offset);
  }
  const width = padLeft + padRight + 1;
  const sciOpts = { precision, minDigits, unique, trim, sign: plus, padLeft, expDigits };
  const posOpts = { precision, minDigits, unique, trim, sign: plus, padLeft, padRight };
  // The second pass only pads the first pass's text when that has the same digits. Positional:
  // the second pass asks for digits down to the units, so text ending in "0." may differ (the
  // zeros were padding, e.g. 68597030. for 68597032.). Scientific: when it already has the most
  // fraction digits and its exponent the most digits (always 2 for float32).
  const reusePositional = !expFormat && trim === ".";
  const fracDigits = expFormat ? precision ?? 0 : 0;
  return (x: number): string => {
    if (Number.isNaN(x)) return ((plus ? "+" : "") + o.nanstr).padStart(width);
    if (!Number.isFinite(x)) return ((x < 0 ? "-" : plus ? "+" : "") + o.infstr).padStart(width);
    const s = firstPass.get(x);
    if (s !== undefined) {
      const dot = s.indexOf(".");
      if (reusePositional && !s.endsWith("0.")) {
        return s.padStart(s.length + padLeft - dot).padEnd(padLeft + padRight + 1);
      }
      const e = s.indexOf("e");
      if (expFormat && e - dot - 1 === fracDigits && expDigits === 2 && s.length - e === 4) {
        return s.padStart(s.length + padLeft - dot);
      }
    }
    return expFormat ? formatScientific(x, sciOpts) : formatPositional(x, posOpts);
  };
}

/** numpy's IntegerFormat: right-aligned to the widest of max and min. */
function intFormatter(data: ArrayLike<number>, o: Required<PrintOptions>): ElementFormatter {
  // numpy 1.24 ignores `sign` for integers; numpy 2 honours it.
  let sign: SignMode = o.numpy2 ? o.sign : "-";
  let width = 0;
  if (data.length > 0) {
    let max = -Infinity, min = Infinity;
    for (let i = 0; i < data.length; i++) {
      if (data[i] > max) max = data[i];
      if (data[i] < min) min = data[i];
    }
    if (sign === " " && min < 0) sign = "-";
    const maxLen = String(max).length + (max >= 0 && sign !== "-" ? 1 : 0);
    width = Math.max(maxLen, String(min).length);
  }
  return (x: number): string => ((x >= 0 && sign !== "-" ? sign : "") + String(x)).padStart(width);
}

/**
 * The element formatter numpy would build from `data` (the values that will be shown).
 *
 * @example
 * const f = elementFormatter(new Float32Array([1, 2.5]), "float32");
 * f(1); // "1. "
 */
export function elementFormatter(
  data: ArrayLike<number>,
  dtype: DType,
  options: PrintOptions = {},
  zeroD = false,
): ElementFormatter {
  const o = resolvePrintOptions(options);
  switch (dtype) {
    case "float32":
      return floatFormatter(data, o);
    case "int32":
    case "uint32":
      return intFormatter(data, o);
    case "bool": {
      // The extra space aligns " True" with "False", except for a lone 0-d value.
      const t = zeroD ? "True" : " True";
      return (x: number) => (x ? t : "False");
    }
  }
}

/** Options of {@link array2string} beyond the print options. */
export interface Array2StringOptions extends PrintOptions {
  /** Between elements (default " "; JAX's repr uses ", "). */
  separator?: string;
  /** Text that will precede the result (its length indents continuation lines). */
  prefix?: string;
  /** Text that will follow the result (its length is taken off the line width). */
  suffix?: string;
}

function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Visits the offsets of the elements shown, in order (all of them unless summarizing). */
function visitShown(
  shape: readonly number[],
  strides: readonly number[],
  edge: number,
  summarize: boolean,
  visit: (offset: number) => void,
): void {
  const walk = (axis: number, offset: number) => {
    if (axis === shape.length) return visit(offset);
    const n = shape[axis];
    const cut = summarize && n > 2 * edge;
    for (let i = 0; i < n; i++) {
      if (cut && i === edge) i = n - edge;
      walk(axis + 1, offset + i * strides[axis]);
    }
  };
  walk(0, 0);
}

/**
 * numpy's `array2string(a, ...)` for a row-major array given as flat values and a shape.
 *
 * @example
 * array2string(new Int32Array([0, 1, 2]), [3], "int32"); // "[0 1 2]"
 * array2string(new Float32Array([1, 2.5]), [2], "float32", { separator: ", " }); // "[1. , 2.5]"
 */
export function array2string(
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: DType,
  options: Array2StringOptions = {},
): string {
  const o = resolvePrintOptions(options);
  const separator = options.separator ?? " ";
  const prefix = options.prefix ?? "";
  const lineWidth = o.linewidth - (options.suffix ?? "").length;
  let size = 1;
  for (const n of shape) size *= n;
  if (size === 0) return "[]";
  if (values.length < size) {
    throw new RangeError(`array2string: ${values.length} values for shape (${shape.join(", ")})`);
  }
  const strides = rowMajorStrides(shape);
  const summarize = size > o.threshold;
  const edge = o.edgeitems;
  let shown: ArrayLike<number> = values;
  if (summarize || values.length !== size) {
    const picked: number[] = [];
    visitShown(shape, strides, edge, summarize, (i) => picked.push(values[i]));
    shown = picked;
  }
  const fmt = elementFormatter(shown, dtype, o, shape.length === 0);
  const sepTrimmed = separator.trimEnd();

  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    if (axis === shape.length) return fmt(values[offset]);
    const nextIndent = indent + " ";
    const nextWidth = width - 1; // room for this level's "]"
    const n = shape[axis], stride = strides[axis];
    const cut = summarize && 2 * edge < n;
    const lead = cut ? edge : 0;
    const trail = cut ? edge : n;
    const child = (i: number) => recurse(axis + 1, offset + i * stride, nextIndent, nextWidth);
    let s = "";
    if (axis === shape.length - 1) {
      const elemWidth = width - Math.max(sepTrimmed.length, 1);
      let line = indent;
      // Wrapping a line that holds only the indent would not help, so never do it.
      const extend = (word: string) => {
        if (line.length + word.length > elemWidth && line.length > indent.length) {
          s += line.trimEnd() + "\n";
          line = indent;
        }
        line += word;
      };
      for (let i = 0; i < lead; i++) {
        extend(child(i));
        line += separator;
      }
      if (cut) {
        extend("...");
        line += separator;
      }
      for (let i = trail; i > 1; i--) {
        extend(child(n - i));
        line += separator;
      }
      extend(child(n - 1));
      s += line;
    } else {
      const lineSep = sepTrimmed + "\n".repeat(shape.length - axis - 1);
      for (let i = 0; i < lead; i++) s += indent + child(i) + lineSep;
      if (cut) s += indent + "..." + lineSep;
      for (let i = trail; i > 1; i--) s += indent + child(n - i) + lineSep;
      s += indent + child(n - 1);
    }
    return "[" + s.slice(indent.length) + "]";
  };
  return recurse(0, 0, " " + " ".repeat(prefix.length), lineWidth);
}
