/** `vmap`: vectorising map with JAX's in_axes / out_axes rules and error messages. */

import { DeviceArray } from "../core/array.ts";
import { ValueError } from "../errors.ts";
import type { BatchDim } from "../core/primitive.ts";
import { moveaxis, vmapFlat } from "../interpreters/batching.ts";
import { broadcastPrefix, flatten, isPlainObject, unflatten } from "../tree.ts";
import { checkCallable, leafPaths, paramNames } from "./args.ts";
import { checkOptions, tooManyArguments } from "../options.ts";
import { describeValue, normalizeAxis } from "../shape.ts";
import { scalar } from "../lax/lax.ts";

/**
 * An axis spec for `vmap`: an axis, null (not mapped), or a container prefix of the
 * arguments/outputs (JAX's `in_axes` / `out_axes` trees).
 *
 * @example
 * ```ts
 * import { type AxisSpec, type DeviceArray, jnp, vmap } from "@jaxscript/jaxscript";
 * type Params = { w: DeviceArray; b: DeviceArray };
 * const f = (p: Params, x: DeviceArray) => jnp.add(jnp.dot(p.w, x), p.b);
 * // w is shared by every example, b has one entry per example, x is batched
 * const inAxes: AxisSpec = [{ w: null, b: 0 }, 0];
 * const params = { w: jnp.ones([2]), b: jnp.array([0, 10, 20]) };
 * vmap(f, { inAxes })(params, jnp.ones([3, 2])); // DeviceArray([ 2., 12., 22.], dtype=float32)
 * ```
 */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [k: string]: AxisSpec };

/**
 * Options of `vmap` (JAX's keyword arguments, camelCased).
 *
 * @example
 * ```ts
 * import { jnp, vmap, type VmapOptions } from "@jaxscript/jaxscript";
 * const opts: VmapOptions = { inAxes: 1, outAxes: 1 };
 * vmap((col) => jnp.multiply(col, 2), opts)(jnp.array([[1, 2], [3, 4]]));
 * // DeviceArray([[2, 4],
 * //              [6, 8]], dtype=int32)
 * ```
 */
export interface VmapOptions {
  /** Which axis of each argument to map over (default 0); null leaves an argument unmapped. */
  inAxes?: AxisSpec;
  /** Where the mapped axis goes in each output (default 0); null for unmapped outputs. */
  outAxes?: AxisSpec;
  /** The mapped size, needed when no argument is mapped. */
  axisSize?: number;
}

/** Python's repr of an axis spec, for error messages: `(0, None)`, `{'a': 0}`. */
function pySpec(s: unknown): string {
  if (s === null || s === undefined) return "None";
  if (Array.isArray(s)) {
    return s.length === 1 ? `(${pySpec(s[0])},)` : `(${s.map(pySpec).join(", ")})`;
  }
  if (isPlainObject(s)) {
    return `{${Object.keys(s).map((k) => `'${k}': ${pySpec(s[k])}`).join(", ")}}`;
  }
  return String(s);
}

function isAxisLeaf(x: unknown): boolean {
  return x === null || typeof x === "number";
}

function checkSpec(spec: unknown, what: "in_axes" | "out_axes"): void {
  const bad = (x: unknown): boolean => {
    if (x === null || (typeof x === "number" && Number.isInteger(x))) return false;
    if (Array.isArray(x)) return x.some(bad);
    if (isPlainObject(x)) return Object.values(x).some(bad);
    return true;
  };
  if (bad(spec)) {
    throw new TypeError(
      `vmap ${what} must be an int, None, or (nested) container with those types as leaves, ` +
        `but got ${pySpec(spec)}.`,
    );
  }
}

const VMAP_KEYS = ["inAxes", "outAxes", "axisSize"] as const;

/**
 * vmap's options, given as an object or JAX's positional `in_axes` and `out_axes` (then options):
 * a top-level in_axes is a number, null or a list, never a plain object, so the forms cannot be
 * confused.
 */
function vmapOptions(
  opts: unknown,
  outAxes: unknown,
  more: unknown,
  nargs: number,
): VmapOptions {
  if (isPlainObject(opts) || (opts === undefined && outAxes === undefined && more === undefined)) {
    if (nargs > 2 && !(outAxes === undefined && more === undefined)) {
      throw new TypeError(
        "vmap: the options object must be the last argument (JAX's positional form is " +
          "vmap(f, inAxes, outAxes))",
      );
    }
    checkOptions("vmap", opts, VMAP_KEYS);
    return (opts ?? {}) as VmapOptions;
  }
  checkOptions("vmap", more, VMAP_KEYS);
  const o = (more ?? {}) as VmapOptions;
  if (o.inAxes !== undefined || (outAxes !== undefined && o.outAxes !== undefined)) {
    const which = o.inAxes !== undefined ? "in_axes" : "out_axes";
    throw new TypeError(`vmap() got multiple values for argument '${which}'`);
  }
  return {
    ...o,
    ...(opts === undefined ? {} : { inAxes: opts as AxisSpec }),
    ...(outAxes === undefined ? {} : { outAxes: outAxes as AxisSpec }),
  };
}

/**
 * Vectorises `f` over a leading (or chosen) axis of its arguments, JAX's `jax.vmap`.
 *
 * @example
 * ```ts
 * import { jnp, vmap } from "@jaxscript/jaxscript";
 * const xs = jnp.array([[1, 2], [3, 4], [5, 6]]);
 * // row i · row i; one vector against each row; sums over columns
 * vmap(jnp.dot)(xs, xs); // DeviceArray([ 5, 25, 61], dtype=int32)
 * vmap(jnp.dot, { inAxes: [null, 0] })(jnp.array([1, 1]), xs);
 * // DeviceArray([ 3,  7, 11], dtype=int32)
 * vmap(jnp.sum, { inAxes: 1 })(xs); // DeviceArray([ 9, 12], dtype=int32)
 * vmap(jnp.dot, [null, 0])(jnp.array([1, 1]), xs); // JAX's positional in_axes (and out_axes)
 * // DeviceArray([ 3,  7, 11], dtype=int32)
 * ```
 */
// deno-lint-ignore no-explicit-any
export function vmap<F extends (...args: any[]) => any>(
  f: F,
  options?: VmapOptions | AxisSpec,
  outAxesArg?: AxisSpec,
  more?: VmapOptions,
): F {
  if (arguments.length > 4) throw tooManyArguments("vmap", 1, 4, arguments.length);
  checkCallable(f);
  const opts = vmapOptions(options, outAxesArg, more, arguments.length);
  const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxes = opts.outAxes === undefined ? 0 : opts.outAxes;
  checkSpec(inAxes, "in_axes");
  checkSpec(outAxes, "out_axes");
  const mapped = function (...args: unknown[]) {
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      throw new ValueError(
        `vmap in_axes must be an int, None, or a tuple of entries corresponding to the ` +
          `positional arguments passed to the function, but got len(in_axes)=${inAxes.length}, ` +
          `len(args)=${args.length}.`,
      );
    }
    const [leaves, inTree] = flatten(args);
    let axes: BatchDim[];
    try {
      axes = broadcastPrefix(
        Array.isArray(inAxes) ? inAxes : inAxes,
        args,
        isAxisLeaf,
      ) as BatchDim[];
    } catch {
      throw new ValueError(
        `vmap in_axes specification must be a tree prefix of the corresponding value, got ` +
          `specification ${pySpec(inAxes)} for value tree ${inTree}.`,
      );
    }
    // Normalise axes and check ranks.
    const vals = leaves.map((l, i) => {
      if (axes[i] === null) return l;
      if (l instanceof DeviceArray) return l;
      if (typeof l === "number" || typeof l === "boolean") return scalar(l);
      throw new TypeError(
        `Argument '${typeof l === "string" ? l : describeValue(l)}' of type ${typeof l} is not a ` +
          `valid JAX type`,
      );
    });
    axes = axes.map((d, i) => {
      if (d === null) return null;
      const v = vals[i];
      const shape = v instanceof DeviceArray ? v.shape : [];
      if (d >= shape.length || d < -shape.length) {
        const minRank = d >= 0 ? d + 1 : -d;
        throw new ValueError(
          `vmap was requested to map its argument along axis ${d}, which implies that its rank ` +
            `should be at least ${minRank}, but is only ${shape.length} (its shape is ` +
            `${shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`})`,
        );
      }
      return d < 0 ? d + shape.length : d;
    });
    const size = mappedSize(f, args, vals, axes, opts.axisSize);
    let outTree = null as ReturnType<typeof flatten>[1] | null;
    const [outVals, outDims] = vmapFlat(
      (...xs) => {
        const out = f(...(unflatten(inTree, xs) as unknown[]));
        const [ol, t] = flatten(out);
        outTree = t;
        return ol.map((o) => (o instanceof DeviceArray ? o : scalar(o as number)));
      },
      size,
      vals as DeviceArray[],
      axes,
    );
    let outSpec: BatchDim[];
    try {
      outSpec = broadcastPrefix(outAxes, unflatten(outTree!, outVals), isAxisLeaf) as BatchDim[];
    } catch {
      throw new ValueError(
        `vmap out_axes specification must be a tree prefix of the corresponding value, got ` +
          `specification ${pySpec(outAxes)} for value tree ${outTree}.`,
      );
    }
    const results = outVals.map((v, i) => {
      const target = outSpec[i];
      if (target === null) {
        if (outDims[i] !== null) {
          throw new ValueError("vmap has mapped output but out_axes is None");
        }
        return v;
      }
      const ndim = v.ndim + (outDims[i] === null ? 1 : 0);
      const t = normalizeAxis(target, ndim); // AxisError when out_axes is out of range
      return moveaxis(v, outDims[i], t, size);
    });
    return unflatten(outTree!, results);
  };
  Object.defineProperty(mapped, "name", { value: `vmap(${f.name || "<anonymous>"})` });
  return mapped as unknown as F;
}

/** The mapped axis size, with JAX's messages for missing or inconsistent sizes. */
function mappedSize(
  f: (...args: never[]) => unknown,
  args: unknown[],
  vals: unknown[],
  axes: BatchDim[],
  axisSize: number | undefined,
): number {
  const sizes = vals.map((v, i) => (axes[i] === null ? null : (v as DeviceArray).shape[axes[i]!]));
  const all = sizes.filter((s): s is number => s !== null);
  if (axisSize !== undefined) all.push(axisSize);
  const distinct = [...new Set(all)];
  if (distinct.length === 1) return distinct[0];
  if (distinct.length === 0) {
    throw new ValueError(
      "vmap must have at least one non-None value in in_axes or axis_size must be specified",
    );
  }
  const names = paramNames(f);
  const paths = leafPaths(names.map((n) => `argument ${n}`), args).map((p, i) => {
    const v = vals[i];
    const type = v instanceof DeviceArray ? v.aval.strLong() : "unknown";
    return `${p.startsWith("argument ") ? p : p.replace(/^args/, "args")} of type ${type}`;
  });
  const counts = new Map<number, number>();
  for (const s of sizes) if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  // Most common first; ties keep first appearance (Counter.most_common is stable).
  const order = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const lines = ["vmap got inconsistent sizes for array axes to be mapped:\n"];
  if (axisSize !== undefined) lines.push(`  * the \`axis_size\` argument was ${axisSize};\n`);
  order.forEach(([sz, ct], k) => {
    const idx = sizes.indexOf(sz);
    const ex = paths[idx], ax = axes[idx];
    if (ct === 1) lines.push(`  * one axis had size ${sz}: axis ${ax} of ${ex};\n`);
    else if (k === 0) {
      lines.push(`  * most axes (${ct} of them) had size ${sz}, e.g. axis ${ax} of ${ex};\n`);
    } else lines.push(`  * some axes (${ct} of them) had size ${sz}, e.g. axis ${ax} of ${ex};\n`);
  });
  throw new ValueError(lines.join("").slice(0, -2));
}
