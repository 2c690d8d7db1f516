/**
 * Indexing (`x.get(...)`, JAX's `x[...]`). The TypeScript spelling takes one argument per index
 * expression: numbers, slice strings (`":"`, `"1:3"`, `"::-1"`), `"..."`, `null` (newaxis).
 * Basic indexing lowers to static slice / rev / reshape.
 */

import { DeviceArray, type Index } from "../core/array.ts";
import { IndexError } from "../errors.ts";
import * as lax from "../lax/lax.ts";

/** A parsed slice `start:stop:step` (null for omitted parts). */
export interface Slice {
  start: number | null;
  stop: number | null;
  step: number | null;
}

/** Parses `"1:3"`, `":"`, `"::-1"`, `"-2:"`; returns null for strings that are not slices. */
export function parseSlice(s: string): Slice | null {
  const parts = s.split(":");
  if (parts.length < 2 || parts.length > 3) return null;
  const num = (p: string) => {
    const t = p.trim();
    if (t === "") return null;
    if (!/^[+-]?\d+$/.test(t)) throw new IndexError(`invalid slice ${JSON.stringify(s)}`);
    return Number(t);
  };
  const [start, stop, step] = [
    num(parts[0]),
    num(parts[1]),
    parts.length === 3 ? num(parts[2]) : null,
  ];
  if (step === 0) throw new IndexError("slice step cannot be zero");
  return { start, stop, step };
}

/** Python's slice.indices(n): concrete start, stop, step and the resulting length. */
export function sliceIndices(s: Slice, n: number): [number, number, number, number] {
  const step = s.step ?? 1;
  let start: number, stop: number;
  if (step > 0) {
    start = s.start === null ? 0 : s.start < 0 ? Math.max(0, s.start + n) : Math.min(s.start, n);
    stop = s.stop === null ? n : s.stop < 0 ? Math.max(0, s.stop + n) : Math.min(s.stop, n);
  } else {
    start = s.start === null
      ? n - 1
      : s.start < 0
      ? Math.max(-1, s.start + n)
      : Math.min(s.start, n - 1);
    stop = s.stop === null ? -1 : s.stop < 0 ? Math.max(-1, s.stop + n) : Math.min(s.stop, n - 1);
  }
  const len = step > 0
    ? Math.max(0, Math.ceil((stop - start) / step))
    : Math.max(0, Math.ceil((start - stop) / -step));
  return [start, stop, step, len];
}

type Parsed =
  | { kind: "int"; value: number }
  | { kind: "slice"; slice: Slice }
  | { kind: "newaxis" }
  | { kind: "ellipsis" }
  | { kind: "array"; value: DeviceArray | readonly number[] };

export function parseIndex(idx: Index): Parsed {
  if (idx === null) return { kind: "newaxis" };
  if (typeof idx === "number") {
    if (!Number.isInteger(idx)) {
      // JAX's TypeError for a Python float index (a JS fraction is float32 here).
      throw new TypeError(
        `Indexer must have integer or boolean type, got indexer with type float32`,
      );
    }
    return { kind: "int", value: idx };
  }
  if (typeof idx === "string") {
    const t = idx.trim();
    if (t === "...") return { kind: "ellipsis" };
    const s = parseSlice(t);
    if (s) return { kind: "slice", slice: s };
    throw new IndexError(
      `invalid index string ${JSON.stringify(idx)}: expected a slice like "1:3" or "..."`,
    );
  }
  if (idx instanceof DeviceArray || Array.isArray(idx)) return { kind: "array", value: idx };
  throw new IndexError(
    "only integers, slices (`:`), ellipsis (`...`), newaxis (`None`) and integer or boolean " +
      `arrays are valid indices. Got ${String(idx)}`,
  );
}

/** Expands the ellipsis (or pads with full slices) so there is one entry per operand axis. */
export function expandEllipsis(parsed: Parsed[], ndim: number): Parsed[] {
  const nEll = parsed.filter((p) => p.kind === "ellipsis").length;
  if (nEll > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  const consumed = parsed.filter((p) => p.kind !== "newaxis" && p.kind !== "ellipsis").length;
  if (consumed > ndim) {
    throw new IndexError(
      `Too many indices: array is ${ndim}-dimensional, but ${consumed} were indexed`,
    );
  }
  const fill: Parsed[] = Array.from({ length: ndim - consumed }, () => ({
    kind: "slice" as const,
    slice: { start: null, stop: null, step: null },
  }));
  const at = parsed.findIndex((p) => p.kind === "ellipsis");
  if (at < 0) return [...parsed, ...fill];
  return [...parsed.slice(0, at), ...fill, ...parsed.slice(at + 1)];
}

/** Basic indexing: ints, slices, newaxis (no arrays). */
export function basicIndex(x: DeviceArray, parsed: Parsed[]): DeviceArray {
  const full = expandEllipsis(parsed, x.ndim);
  const start: number[] = [], limit: number[] = [], strides: number[] = [], rev: number[] = [];
  const outShape: number[] = [];
  let axis = 0;
  for (const p of full) {
    if (p.kind === "newaxis") {
      outShape.push(1);
      continue;
    }
    const n = x.shape[axis];
    if (p.kind === "int") {
      const i = p.value < 0 ? p.value + n : p.value;
      if (i < 0 || i >= n) {
        throw new IndexError(`index ${p.value} is out of bounds for axis ${axis} with size ${n}`);
      }
      start.push(i);
      limit.push(i + 1);
      strides.push(1);
    } else if (p.kind === "slice") {
      const [s, , step, len] = sliceIndices(p.slice, n);
      if (step > 0) {
        start.push(s);
        limit.push(len === 0 ? s : s + (len - 1) * step + 1);
        strides.push(step);
      } else {
        // A negative step reads the reversed axis forward: position n-1-s onward.
        const rs = n - 1 - s;
        start.push(len === 0 ? 0 : rs);
        limit.push(len === 0 ? 0 : rs + (len - 1) * -step + 1);
        strides.push(-step);
        rev.push(axis);
      }
      outShape.push(len);
    } else {
      throw new Error("array index in basic indexing");
    }
    axis++;
  }
  let y = lax.rev(x, rev);
  y = lax.slice(y, start, limit, strides);
  return lax.reshape(y, outShape);
}

/** `x.get(...index)`: JAX's `x[index]`. */
export function getitem(x: DeviceArray, index: readonly Index[]): DeviceArray {
  const parsed = index.map(parseIndex);
  if (parsed.some((p) => p.kind === "array")) return advancedIndex(x, parsed);
  return basicIndex(x, parsed);
}

/** Advanced (integer/boolean array) indexing; see indexing_advanced.ts. */
export let advancedIndex = (_x: DeviceArray, _parsed: Parsed[]): DeviceArray => {
  throw new IndexError("integer and boolean array indices are not supported yet");
};

/** Installs the advanced-indexing implementation (kept in its own module). */
export function setAdvancedIndex(f: typeof advancedIndex): void {
  advancedIndex = f;
}

export type { Parsed };
