/**
 * Helpers shared by the jax.random modules: argument checking with JAX's errors, strong scalar
 * constants, and a take-along-axis gather (jnp.take's `unique_indices` path, which random needs
 * for permutations and choices). Nothing here is exported from the package.
 */

import { DeviceArray } from "../core/array.ts";
import { scalarArray } from "../core/array_impl.ts";
import { canonicalizeDType, type DType, dtypeMax, dtypeMin } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { splitTrailingArguments } from "../options.ts";
import { broadcastShapes, checkShape, pyShape, type Shape } from "../shape.ts";

/**
 * A strongly typed 0-d constant. Random functions return strong arrays (as JAX's do), so the
 * constants they mix in must not be weak JS-number scalars that could leave a weak result.
 */
export function constant(value: number, dtype: DType): DeviceArray {
  return scalarArray(value, dtype, false);
}

/**
 * A sampler's arguments after its `required` ones (the key first): JAX's positional parameters
 * `names` in order (`random.uniform(key, shape, dtype, minval, maxval)`), and an options object
 * last, whose keys must be among `names`. Anything else is a TypeError, so a value in the wrong
 * place is never silently ignored.
 */
export function samplerArgs(
  name: string,
  required: number,
  args: readonly unknown[],
  names: readonly string[],
  min = required,
): Record<string, unknown> {
  return splitTrailingArguments(`random.${name}`, required, args, names, [], min);
}

/** Validates a `shape` argument: a list of non-negative integers (a bare number means [n]). */
export function checkShapeArg(name: string, shape: unknown): number[] {
  return [...checkShape(shape, `random.${name}: shape`)];
}

/**
 * JAX's `_check_shape`: parameter shapes must broadcast to exactly `shape`.
 * @throws ValueError with JAX's message otherwise.
 */
export function checkParamShapes(name: string, shape: Shape, ...paramShapes: Shape[]): void {
  if (paramShapes.length === 0) return;
  const out = broadcastShapes(shape, ...paramShapes);
  if (out.length !== shape.length || out.some((d, i) => d !== shape[i])) {
    throw new ValueError(
      `${name} parameter shapes must be broadcast-compatible with shape argument, and the ` +
        `result of broadcasting the shapes must equal the shape argument, but got result ` +
        `${pyShape(out)} for shape argument ${pyShape(shape)}.`,
    );
  }
}

/** A float dtype argument (default float32); anything else is JAX's ValueError. */
export function floatDType(name: string, dtype: unknown): DType {
  const d = dtype === undefined || dtype === null ? "float32" : canonicalizeDType(dtype, name);
  if (d !== "float32") {
    throw new ValueError(`dtype argument to \`${name}\` must be a float dtype, got ${d}`);
  }
  return d;
}

/** Adds leading size-1 axes up to `rank` (lax.broadcast_to_rank). */
export function broadcastToRank(x: DeviceArray, rank: number): DeviceArray {
  if (x.ndim >= rank) return x;
  return lax.reshape(x, [...new Array(rank - x.ndim).fill(1), ...x.shape]);
}

/** Broadcasts `x` (numpy rules) to exactly `shape`. */
export function broadcastTo(x: DeviceArray, shape: Shape): DeviceArray {
  const y = broadcastToRank(x, shape.length);
  if (y.shape.every((d, i) => d === shape[i])) return y;
  // Squeeze the size-1 axes that need expanding, then broadcast_in_dim the rest.
  const keep: number[] = [];
  y.shape.forEach((d, i) => {
    if (d === shape[i]) keep.push(i);
    else if (d !== 1) {
      throw new ValueError(
        `Incompatible shapes for broadcasting: shapes=[${pyShape(x.shape)}, ${pyShape(shape)}]`,
      );
    }
  });
  const squeezed = lax.reshape(y, keep.map((i) => y.shape[i]));
  return lax.broadcastInDim(squeezed, shape, keep);
}

/** Integer range of a dtype, for clipping (JAX's `iinfo`). */
export function intRange(dtype: DType): [number, number] {
  return [dtypeMin(dtype), dtypeMax(dtype)];
}

/**
 * `jnp.take(x, idx, axis)` for in-bounds indices: the result has shape
 * `x.shape[:axis] + idx.shape + x.shape[axis+1:]`. One gather, so it batches under vmap.
 */
export function takeAlong(x: DeviceArray, idx: DeviceArray, axis: number): DeviceArray {
  const ind = lax.convertElementType(idx, "int32");
  const k = ind.ndim;
  const offsetDims: number[] = [];
  for (let i = 0; i < x.ndim; i++) {
    if (i < axis) offsetDims.push(i);
    else if (i > axis) offsetDims.push(i + k - 1);
  }
  const sliceSizes = x.shape.map((d, i) => (i === axis ? 1 : d));
  return lax.gather(
    x,
    lax.reshape(ind, [...ind.shape, 1]),
    {
      offset_dims: offsetDims,
      collapsed_slice_dims: [axis],
      start_index_map: [axis],
      operand_batching_dims: [],
      start_indices_batching_dims: [],
    },
    sliceSizes,
    { mode: "promise_in_bounds", uniqueIndices: true },
  );
}

/** True for DeviceArrays (concrete or traced). */
export function isArray(x: unknown): x is DeviceArray {
  return x instanceof DeviceArray;
}

/** The broadcast shape of two parameter shapes (truncatedNormal's bounds, randint's). */
export function broadcastShapesOf(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new ValueError(`Incompatible shapes for broadcasting: shapes=[(${a}), (${b})]`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}
