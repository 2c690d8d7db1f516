/**
 * JAX's `repr()`, `str()` and a Jupyter HTML view of an array given as host values.
 *
 * `repr` follows jax 0.3.25's `DeviceArray.__repr__` (prefix "DeviceArray") or current JAX's
 * `Array.__repr__` (prefix "Array"); both put the dtype after the data on the same line, and when
 * it does not fit they pad with spaces the width of the prefix *without* breaking the line. That
 * looks like a bug, but it is what JAX prints (its own doctests contain it), so it is kept.
 */

import type { DType, TypedArray } from "../dtype.ts";
import {
  array2string,
  elementFormatter,
  type PrintOptions,
  resolvePrintOptions,
} from "./array2string.ts";
import { float32Str } from "./float32_format.ts";

/** Options of {@link formatRepr} and {@link formatHtml}. */
export interface ReprOptions {
  /** "DeviceArray" (jax 0.3.x, the default) or "Array" (jax >= 0.4). */
  prefix?: "DeviceArray" | "Array";
  printOptions?: PrintOptions;
}

function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const n of shape) size *= n;
  return size;
}

/** A shape as Python prints a tuple: `()`, `(3,)`, `(2, 0)`. */
function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/**
 * JAX's repr of an array: `DeviceArray([1., 2.], dtype=float32)` or, with prefix "Array",
 * `Array([1., 2.], dtype=float32)`.
 *
 * @example
 * formatRepr(new Int32Array([0, 1, 2]), [3], "int32", false); // "DeviceArray([0, 1, 2], dtype=int32)"
 * formatRepr(new Float32Array([2]), [], "float32", true, { prefix: "Array" });
 * // "Array(2., dtype=float32, weak_type=True)"
 */
export function formatRepr(
  values: TypedArray,
  shape: readonly number[],
  dtype: DType,
  weakType: boolean,
  opts: ReprOptions = {},
): string {
  const name = opts.prefix ?? "DeviceArray";
  const po = resolvePrintOptions(opts.printOptions);
  const prefix = name + "(";
  let dtypeStr = `dtype=${dtype}` + (weakType ? ", weak_type=True" : "");
  const s = name === "Array" && sizeOf(shape) === 0
    ? `[], shape=${pyTuple(shape)}`
    : array2string(values, shape, dtype, { ...po, prefix, suffix: ",", separator: ", " });
  // As in JAX: with no newline, rfind gives -1 and this is len(s) + 2.
  const lastLineLen = s.length - s.lastIndexOf("\n") + 1;
  let tooLong: boolean;
  if (name === "DeviceArray") {
    dtypeStr += ")";
    tooLong = lastLineLen + dtypeStr.length + 1 > po.linewidth;
  } else {
    tooLong = lastLineLen + dtypeStr.length + 2 > po.linewidth;
  }
  const sep = tooLong ? " ".repeat(prefix.length) : " ";
  return prefix + s + "," + sep + dtypeStr + (name === "Array" ? ")" : "");
}

/**
 * JAX's `str(x)`, which is numpy's: `[0 1 2]`, and for 0-d arrays the scalar (`2.0`, `7`, `True`).
 *
 * @example
 * formatStr(new Int32Array([0, 1, 2]), [3], "int32"); // "[0 1 2]"
 * formatStr(new Float32Array([2]), [], "float32"); // "2.0"
 */
export function formatStr(
  values: TypedArray,
  shape: readonly number[],
  dtype: DType,
  opts: { printOptions?: PrintOptions } = {},
): string {
  const po = resolvePrintOptions(opts.printOptions);
  if (shape.length === 0) {
    // numpy prints the scalar itself, ignoring precision and the other print options.
    const x = values[0];
    if (dtype === "float32") return float32Str(x, po.numpy2);
    if (dtype === "bool") return x ? "True" : "False";
    return String(x);
  }
  return array2string(values, shape, dtype, po);
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Larger arrays are shown as their repr: a wide table helps nobody. */
const HTML_MAX_CELLS = 400;
const HTML_MAX_COLUMNS = 32;

/**
 * An HTML rendering for `Symbol.for("Jupyter.display")`: 1-d and 2-d arrays of up to 400 elements
 * and 32 columns become a table with index headers; anything else a `<pre>` of the repr.
 *
 * @example
 * formatHtml(new Int32Array([1, 2]), [2], "int32", false);
 * // '<table class="jaxscript-array" style="…"><caption style="…">int32[2]</caption>…<td>1</td>…'
 */
export function formatHtml(
  values: TypedArray,
  shape: readonly number[],
  dtype: DType,
  weakType: boolean,
  opts: ReprOptions = {},
): string {
  const size = sizeOf(shape);
  const cols = shape[shape.length - 1];
  if (
    shape.length < 1 || shape.length > 2 || size === 0 || size > HTML_MAX_CELLS ||
    cols > HTML_MAX_COLUMNS
  ) {
    return `<pre>${escapeHtml(formatRepr(values, shape, dtype, weakType, opts))}</pre>`;
  }
  const fmt = elementFormatter(values.subarray(0, size), dtype, opts.printOptions);
  const rows = shape.length === 1 ? 1 : shape[0];
  const caption = `${dtype}[${shape.join(",")}]${weakType ? " weak_type=True" : ""}`;
  const parts = [
    '<table class="jaxscript-array" style="font-family:monospace;text-align:right">',
    `<caption style="text-align:left">${escapeHtml(caption)}</caption>`,
    "<thead><tr>",
    shape.length === 2 ? "<th></th>" : "",
  ];
  for (let j = 0; j < cols; j++) parts.push(`<th>${j}</th>`);
  parts.push("</tr></thead><tbody>");
  for (let i = 0; i < rows; i++) {
    parts.push("<tr>", shape.length === 2 ? `<th>${i}</th>` : "");
    for (let j = 0; j < cols; j++) {
      parts.push(`<td>${escapeHtml(fmt(values[i * cols + j]).trim())}</td>`);
    }
    parts.push("</tr>");
  }
  parts.push("</tbody></table>");
  return parts.join("");
}
