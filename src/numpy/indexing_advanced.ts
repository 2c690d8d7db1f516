/**
 * numpy advanced indexing (integer arrays, JS number lists, boolean masks) mixed with ints, slices,
 * `null` and `"..."`, lowered as JAX lowers it (`_index_to_gather` in jax/_src/numpy/indexing.py):
 * ONE `lax.gather`, then a `rev` for negative-step slices and an `expand_dims` for newaxis.
 *
 * The same plan drives `x.at(...)` updates (index_update.ts), where the gather's dimension numbers
 * are transposed into a scatter's.
 *
 * numpy's rules, as JAX implements them:
 * - integer arrays (and ints, once any array index is present) are "advanced"; they broadcast
 *   together and give the leading result axes if the advanced indices are separated by a slice,
 *   `null` or `"..."`, else the result axes sit where the first advanced index was;
 * - negative indices wrap once (x.shape[axis] is added); indices still out of range are clamped
 *   (gather mode "promise_in_bounds", JAX's default for retrieval);
 * - a boolean mask must be concrete: it becomes the integer arrays of its true positions
 *   (np.nonzero), one per mask axis. Under jit/vmap it raises NonConcreteBooleanIndexError.
 */

import { ArrayImpl, fromHostData, scalarArray } from "../core/array_impl.ts";
import { DeviceArray, type Index } from "../core/array.ts";
import { Tracer } from "../core/trace.ts";
import { isFloat, isUnsigned } from "../dtype.ts";
import { IndexError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import type { GatherDimensionNumbers } from "../lax/prims/indexing.ts";
import { broadcastShapes, prod, pyShape } from "../shape.ts";
import { asarray, broadcastTo } from "./convert.ts";
import { type Parsed, parseIndex, setAdvancedIndex, type Slice, sliceIndices } from "./indexing.ts";

/**
 * JAX's `NonConcreteBooleanIndexError` (an IndexError): a boolean mask whose values are not known
 * while tracing. The result shape would depend on the values; use `jnp.where(mask, x, 0)`.
 *
 * @example
 * ```ts
 * import { type DeviceArray, jit, jnp, NonConcreteBooleanIndexError } from "@jaxscript/jaxscript";
 * const positives = jit((x: DeviceArray) => x.get(x.gt(0)));
 * try {
 *   positives(jnp.array([-1, 2, 3]));
 * } catch (e) {
 *   console.log(e instanceof NonConcreteBooleanIndexError); // true
 * }
 * jit((x: DeviceArray) => jnp.where(x.gt(0), x, 0))(jnp.array([-1, 2, 3])); // DeviceArray([0, 2, 3], dtype=int32)
 * ```
 */
export class NonConcreteBooleanIndexError extends IndexError {
  /** The error's name, as JAX's class name. */
  override name = "NonConcreteBooleanIndexError";
}

/** One index entry once classified (bool masks still unexpanded). */
type Entry =
  | { typ: "int"; value: number }
  | { typ: "array"; value: DeviceArray }
  | { typ: "hostArray"; value: Int32Array; shape: number[] }
  | { typ: "bool"; value: DeviceArray | null; host: boolean[] | null; shape: number[] }
  | { typ: "slice"; slice: Slice }
  | { typ: "newaxis" }
  | { typ: "ellipsis" };

/** The gather that computes `x[index]`, and what to do around it (JAX's `_GatherIndexer`). */
export interface IndexPlan {
  /** The shape of `x[index]` (newaxis axes included). */
  sliceShape: number[];
  /** slice_sizes of the gather. */
  gatherSliceShape: number[];
  /** Gather indices (int32, index vector last), or null when no gather is needed. */
  indices: DeviceArray | null;
  dnums: GatherDimensionNumbers;
  /** Axes of the gather's result to reverse (slices with negative steps). */
  reversedYDims: number[];
  /** Where `null` (newaxis) inserts axes in the result. */
  newaxisDims: number[];
  /** Size-1 axes to insert into x first (0-d boolean indices). */
  scalarBoolDims: number[];
  /** True when no array index is involved, so indices are unique and sorted. */
  basic: boolean;
}

const FULL: Slice = { start: null, stop: null, step: null };

function flattenList(x: unknown, out: unknown[]): void {
  if (Array.isArray(x)) { for (const v of x) flattenList(v, out); }
  else out.push(x);
}

function indexerTypeError(dtype: string): TypeError {
  return new TypeError(`Indexer must have integer or boolean type, got indexer with type ${dtype}`);
}

/** Classifies one parsed index, as JAX's `IndexType.from_index`. */
function classify(p: Parsed): Entry {
  if (p.kind === "int") return { typ: "int", value: p.value };
  if (p.kind === "slice") return { typ: "slice", slice: p.slice };
  if (p.kind === "newaxis" || p.kind === "ellipsis") return { typ: p.kind };
  const v = p.value;
  if (v instanceof DeviceArray) {
    if (v.dtype === "bool") return { typ: "bool", value: v, host: null, shape: v.shape };
    if (isFloat(v.dtype)) throw indexerTypeError(v.dtype);
    return { typ: "array", value: v };
  }
  return listEntry(v);
}

/** Whether a nested list is rectangular with `shape` (every leaf at the same depth). */
function isRegular(x: unknown, shape: number[], depth = 0): boolean {
  if (depth === shape.length) return !Array.isArray(x);
  return Array.isArray(x) && x.length === shape[depth] &&
    x.every((c) => isRegular(c, shape, depth + 1));
}

/**
 * A JS list index. Its values are on the host, so masks and negative indices are resolved here
 * without creating an array; anything unusual (ragged, mixed, fractional, out of the int32
 * range, arrays inside) goes through asarray for numpy's dtype rules and errors.
 */
function listEntry(v: readonly unknown[]): Entry {
  const shape: number[] = [];
  for (let l: unknown = v; Array.isArray(l); l = l[0]) shape.push(l.length);
  const leaves: unknown[] = [];
  flattenList(v, leaves);
  if (leaves.length === 0) return { typ: "hostArray", value: new Int32Array(0), shape };
  if (isRegular(v, shape)) {
    if (leaves.every((l) => typeof l === "boolean")) {
      return { typ: "bool", value: null, host: leaves as boolean[], shape };
    }
    const int32 = (l: unknown) =>
      typeof l === "number" && Number.isInteger(l) && l >= -2147483648 && l <= 2147483647;
    if (leaves.every(int32)) {
      return { typ: "hostArray", value: Int32Array.from(leaves as number[]), shape };
    }
  }
  const a = asarray(v as number[]);
  if (a.dtype === "bool") return { typ: "bool", value: a, host: null, shape: a.shape };
  if (isFloat(a.dtype)) throw indexerTypeError(a.dtype);
  return { typ: "array", value: a };
}

/** The host values of a boolean mask, with JAX's error when they are not known (tracing). */
function concreteMask(e: Extract<Entry, { typ: "bool" }>): boolean[] {
  if (e.host) return e.host;
  const m = e.value!;
  const c = m instanceof Tracer ? m.toConcrete() : m;
  if (!(c instanceof ArrayImpl)) {
    throw new NonConcreteBooleanIndexError(
      `Array boolean indices must be concrete; got ${m.aval}\n\n` +
        `See https://docs.jax.dev/en/latest/errors.html#jax.errors.NonConcreteBooleanIndexError`,
    );
  }
  // The result shape depends on the mask's values, so they are needed now, synchronously. On the
  // CPU they always are on the host; on WebGPU a mask computed on the device is read once with
  // `await mask.data()` (JAX blocks on a device-to-host copy here, which JS cannot do).
  const data = c.peek();
  if (!data) {
    throw new IndexError(
      `Array boolean indices must have their values on the host: this ${c.aval.strLong()} mask ` +
        `is still on ${c.device}. Read it once with \`await mask.data()\` before indexing ` +
        `with it.`,
    );
  }
  return Array.from(data, (b) => b !== 0);
}

/** Replaces each n-d mask by the n integer arrays of its true positions (np.nonzero). */
function expandBools(entries: Entry[], shape: readonly number[]): Entry[] {
  const out: Entry[] = [];
  let axis = 0;
  entries.forEach((e, position) => {
    if (e.typ !== "bool") {
      out.push(e);
      if (e.typ !== "newaxis" && e.typ !== "ellipsis") axis++;
      else if (e.typ === "ellipsis") {
        const consumed = entries.reduce((n, f) => n + consumedAxes(f), 0);
        axis += shape.length - consumed;
      }
      return;
    }
    const mask = concreteMask(e);
    if (e.shape.length === 0) {
      out.push({ typ: "bool", value: null, host: mask, shape: [] });
      return;
    }
    const expected = e.shape.map((_, i) => shape[axis + i]);
    if (!e.shape.every((s, i) => s === 0 || s === expected[i])) {
      throw new IndexError(
        `boolean index did not match shape of indexed array in index ${position}: got ` +
          `${pyShape(e.shape)}, expected [${expected.join(", ")}]`,
      );
    }
    const nnz = mask.filter(Boolean).length;
    const coords = e.shape.map(() => new Int32Array(nnz));
    const strides = e.shape.map((_, i) => prod(e.shape.slice(i + 1)));
    let k = 0;
    mask.forEach((b, flat) => {
      if (!b) return;
      e.shape.forEach((_, d) => (coords[d][k] = Math.floor(flat / strides[d]) % e.shape[d]));
      k++;
    });
    for (const c of coords) out.push({ typ: "hostArray", value: c, shape: [nnz] });
    axis += e.shape.length;
  });
  return out;
}

function consumedAxes(e: Entry): number {
  if (e.typ === "newaxis" || e.typ === "ellipsis") return 0;
  if (e.typ === "bool") return e.shape.length;
  return 1;
}

function isAdvanced(e: Entry): boolean {
  return e.typ === "int" || e.typ === "array" || e.typ === "hostArray";
}

function ndimOf(e: Entry): number {
  if (e.typ === "array") return e.value.ndim;
  if (e.typ === "hostArray") return e.shape.length;
  return 0;
}

/** An int32 index array with negative entries wrapped by `n` (unsigned indices never wrap). */
function normalizedIndex(e: Entry, n: number): DeviceArray {
  if (e.typ === "int") return scalarArray(e.value < 0 ? e.value + n : e.value, "int32", false);
  if (e.typ === "hostArray") {
    const v = e.value.map((i) => (i < 0 ? i + n : i));
    return fromHostData(v, e.shape, "int32");
  }
  const a = (e as { value: DeviceArray }).value;
  if (isUnsigned(a.dtype)) return lax.convertElementType(a, "int32");
  return lax.select(lax.lt(a, 0), lax.add(a, n), a);
}

/**
 * Plans `x[index]` for an array of `shape`: parses the index, expands masks and the ellipsis, and
 * builds the gather (JAX's `NDIndexer` + `_index_to_gather`). `checkStatic` raises IndexError for
 * static ints outside the axis (retrieval does; updates drop them as JAX's scatter does). Internal
 * to indexing.
 *
 * @example
 * ```ts
 * import "@jaxscript/jaxscript"; // registers the backends (index arrays are built on a device)
 * import { planIndex } from "./indexing_advanced.ts";
 * const plan = planIndex([2, 3, 4], [[0, 1], ":", [1, 3]], { checkStatic: true });
 * plan.sliceShape; // [ 2, 3 ]
 * plan.dnums.offset_dims; // [ 1 ]
 * ```
 */
export function planIndex(
  shape: readonly number[],
  index: readonly (Index | Parsed)[],
  opts: { checkStatic: boolean },
): IndexPlan {
  let entries = index.map((i) => classify(isParsed(i) ? i : parseIndex(i)));
  const nEll = entries.filter((e) => e.typ === "ellipsis").length;
  if (nEll > 1) throw new IndexError("an index can only have a single ellipsis ('...')");
  const consumed = entries.reduce((n, e) => n + consumedAxes(e), 0);
  if (consumed > shape.length) {
    throw new IndexError(
      `Too many indices: array is ${shape.length}-dimensional, but ${consumed} were indexed`,
    );
  }
  if (opts.checkStatic) checkStaticInts(entries, shape);
  entries = expandBools(entries, shape);

  // Adjacency is judged on the index as written (newaxis and ellipsis included), as numpy does.
  const advPositions = entries.flatMap((e, i) => (isAdvanced(e) ? [i] : []));
  const contiguous = advPositions.every((p, i) => i === 0 || p === advPositions[i - 1] + 1);

  // Expand the ellipsis (and pad) into full slices; turn 0-d masks into arange(0|1) indices on a
  // new size-1 axis of x, as JAX's expand_scalar_bool_indices does.
  const full: Entry[] = [];
  const xShape: number[] = [];
  const scalarBoolDims: number[] = [];
  let xAxis = 0;
  const nReal = entries.reduce((n, e) => n + consumedAxes(e), 0);
  for (const e of entries) {
    if (e.typ === "ellipsis") {
      for (let i = 0; i < shape.length - nReal; i++) {
        full.push({ typ: "slice", slice: FULL });
        xShape.push(shape[xAxis++]);
      }
    } else if (e.typ === "bool") {
      scalarBoolDims.push(xShape.length);
      xShape.push(1);
      const on = e.host![0];
      full.push({ typ: "hostArray", value: new Int32Array(on ? [0] : []), shape: [on ? 1 : 0] });
    } else {
      full.push(e);
      if (e.typ !== "newaxis") xShape.push(shape[xAxis++]);
    }
  }
  while (xAxis < shape.length) {
    full.push({ typ: "slice", slice: FULL });
    xShape.push(shape[xAxis++]);
  }
  const plan = toGather(full, xShape, contiguous);
  plan.scalarBoolDims = scalarBoolDims;
  return plan;
}

function checkStaticInts(entries: Entry[], shape: readonly number[]): void {
  let axis = 0;
  const nReal = entries.reduce((n, e) => n + consumedAxes(e), 0);
  for (const e of entries) {
    if (e.typ === "int") {
      const n = shape[axis];
      const i = e.value < 0 ? e.value + n : e.value;
      if (i < 0 || i >= n) {
        throw new IndexError(`index ${e.value} is out of bounds for axis ${axis} with size ${n}`);
      }
    }
    axis += e.typ === "ellipsis" ? shape.length - nReal : consumedAxes(e);
  }
}

/** JAX's `_index_to_gather` over an index with one entry per axis of `xShape` (plus newaxis). */
function toGather(full: Entry[], xShape: number[], contiguous: boolean): IndexPlan {
  const advanced = full.some((e) => (e.typ === "array" || e.typ === "hostArray") && ndimOf(e) > 0);
  // Positions of advanced entries in `full`, and the x axes they index.
  const advPos: number[] = [], advAxes: number[] = [];
  if (advanced) {
    let ax = 0;
    full.forEach((e, i) => {
      if (e.typ === "newaxis") return;
      if (isAdvanced(e)) {
        advPos.push(i);
        advAxes.push(ax);
      }
      ax++;
    });
  }

  const offsetDims: number[] = [], collapsed: number[] = [], startIndexMap: number[] = [];
  const gatherIndices: [DeviceArray, number][] = [];
  const gatherIndicesShape: number[] = [];
  const sliceShape: number[] = [], newaxisDims: number[] = [], reversed: number[] = [];
  const gatherSliceShape: number[] = [];
  let xAxis = 0, yAxis = 0, collapsedY = 0;

  full.forEach((e, pos) => {
    if (advPos.length && (contiguous ? pos === advPos[0] : pos === 0)) {
      const arrays = advPos.map((p, k) => normalizedIndex(full[p], xShape[advAxes[k]]));
      const bshape = broadcastShapes(...arrays.map((a) => a.shape));
      const start = gatherIndicesShape.length;
      for (const a of arrays) gatherIndices.push([broadcastTo(a, bshape), start]);
      gatherIndicesShape.push(...bshape);
      startIndexMap.push(...advAxes);
      collapsed.push(...advAxes);
      sliceShape.push(...bshape);
      yAxis += bshape.length;
      collapsedY += bshape.length;
    }
    if (advPos.includes(pos)) {
      xAxis++;
      gatherSliceShape.push(1);
      return;
    }
    if (e.typ === "int" || e.typ === "array" || e.typ === "hostArray") {
      // A scalar index (a JS int or a 0-d array) without any array index: a collapsed axis.
      const n = xShape[xAxis];
      if (n === 0) throw new IndexError(`index is out of bounds for axis ${xAxis} with size 0`);
      gatherIndices.push([normalizedIndex(e, n), gatherIndicesShape.length]);
      collapsed.push(xAxis);
      gatherSliceShape.push(1);
      startIndexMap.push(xAxis);
      xAxis++;
    } else if (e.typ === "newaxis") {
      sliceShape.push(1);
      newaxisDims.push(yAxis);
      yAxis++;
    } else if (e.typ === "slice") {
      const n = xShape[xAxis];
      const [start, , step, size] = sliceIndices(e.slice, n);
      sliceShape.push(size);
      if (step === 1) {
        // A unit-step slice is a window of the gather (no index needed when it is the whole axis).
        if (size !== n) {
          gatherIndices.push([scalarArray(start, "int32", false), gatherIndicesShape.length]);
          startIndexMap.push(xAxis);
        }
        gatherSliceShape.push(size);
        offsetDims.push(collapsedY);
      } else {
        // Other steps gather start + step·iota; negative steps gather ascending and reverse after.
        let idx = Int32Array.from({ length: size }, (_, i) => start + step * i);
        if (step < 0) {
          reversed.push(collapsedY);
          idx = idx.reverse();
        }
        gatherSliceShape.push(1);
        gatherIndices.push([fromHostData(idx, [size], "int32"), gatherIndicesShape.length]);
        startIndexMap.push(xAxis);
        gatherIndicesShape.push(size);
        collapsed.push(xAxis);
      }
      collapsedY++;
      yAxis++;
      xAxis++;
    }
  });

  let indices: DeviceArray | null = null;
  if (gatherIndices.length === 1) {
    const [g] = gatherIndices[0];
    indices = lax.reshape(g, [...g.shape, 1]);
  } else if (gatherIndices.length > 1) {
    const target = [...gatherIndicesShape, 1];
    indices = lax.concatenate(
      gatherIndices.map(([g, i]) => lax.broadcastInDim(g, target, g.shape.map((_, k) => i + k))),
      gatherIndicesShape.length,
    );
  }
  return {
    sliceShape,
    gatherSliceShape,
    indices,
    dnums: {
      offset_dims: offsetDims,
      collapsed_slice_dims: [...collapsed].sort((a, b) => a - b),
      start_index_map: startIndexMap,
      operand_batching_dims: [],
      start_indices_batching_dims: [],
    },
    reversedYDims: reversed,
    newaxisDims,
    scalarBoolDims: [],
    basic: !advanced,
  };
}

/**
 * Options of indexed retrieval (`x.at(...).get(opts)`): out-of-bounds mode and fill value.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * import type { GetOptions } from "./indexing_advanced.ts";
 * const opts: GetOptions = { mode: "fill", fillValue: -1 };
 * jnp.arange(3).at(jnp.array([0, 5])).get(opts); // DeviceArray([ 0, -1], dtype=int32)
 * ```
 */
export interface GetOptions {
  /** "promise_in_bounds" (default: static out-of-bounds ints raise), "clip", "fill"/"drop". */
  mode?: "promise_in_bounds" | "clip" | "fill" | "drop" | null;
  /** The value "fill" reads out of bounds (default: NaN for floats, as JAX). */
  fillValue?: number | null;
}

/**
 * `x[index]` through one gather: JAX's `rewriting_take` for any mix of ints, slices, `null`,
 * `"..."`, integer arrays / lists and boolean masks (what `x.get(...)` runs for advanced indices).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.arange(12).reshape([3, 4]);
 * x.get([0, 2], ":").shape; // [ 2, 4 ]
 * x.get(":", [3, 0]);
 * // DeviceArray([[ 3,  0],
 * //              [ 7,  4],
 * //              [11,  8]], dtype=int32)
 * x.get([0, 1], [1, 2]); // DeviceArray([1, 6], dtype=int32)
 * x.get(jnp.greater(x, 8)); // DeviceArray([ 9, 10, 11], dtype=int32)
 * ```
 */
export function gatherIndex(
  x: DeviceArray,
  index: readonly (Index | Parsed)[],
  opts: GetOptions = {},
): DeviceArray {
  const mode = opts.mode ?? "promise_in_bounds";
  const plan = planIndex(x.shape, index, { checkStatic: mode === "promise_in_bounds" });
  let y = x;
  if (plan.scalarBoolDims.length) y = lax.expandDims(y, plan.scalarBoolDims);
  if (prod(plan.sliceShape) === 0) {
    // No gather for empty results (XLA cannot gather from an empty axis either).
    const zero = lax.convertElementType(lax.scalar(0, x.dtype), x.dtype, x.weakType);
    return lax.broadcastInDim(zero, plan.sliceShape, []);
  }
  if (plan.indices) {
    y = lax.gather(y, plan.indices, plan.dnums, plan.gatherSliceShape, {
      mode: mode === "drop" ? "fill" : mode,
      fillValue: opts.fillValue ?? null,
      indicesAreSorted: plan.basic,
      uniqueIndices: plan.basic,
    });
  }
  if (plan.reversedYDims.length) y = lax.rev(y, plan.reversedYDims);
  return plan.newaxisDims.length ? lax.expandDims(y, plan.newaxisDims) : y;
}

setAdvancedIndex((x, parsed) => gatherIndex(x, parsed));

function isParsed(i: Index | Parsed): i is Parsed {
  return typeof i === "object" && i !== null && !Array.isArray(i) && !(i instanceof DeviceArray);
}
