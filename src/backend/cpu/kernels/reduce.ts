/**
 * Reductions. The operand is viewed as [outer, reduced, inner] blocks when the reduced axes are
 * contiguous; otherwise the reduced axes are first moved to the end. Float sums accumulate in
 * float64 and round once (more accurate than float32 accumulation; results agree with numpy's
 * pairwise sums within a few ulps); integer sums wrap exactly as int32 arithmetic does.
 */

import type { ShapedArray } from "../../../core/aval.ts";
import type { Params } from "../../../core/primitive.ts";
import { allocTyped, type DType, type TypedArray } from "../../../dtype.ts";
import { stridesOf } from "../../../shape.ts";
import { stridedCopy } from "./structural.ts";

type Combine = (acc: number, x: number) => number;

interface Monoid {
  init: (dtype: DType) => number;
  combine: (dtype: DType) => Combine;
  finish?: (dtype: DType, acc: number) => number;
}

const wrapI = (dtype: DType): (v: number) => number =>
  dtype === "int32" ? (v) => v | 0 : dtype === "uint32" ? (v) => v >>> 0 : (v) => v;

const MONOIDS: Record<string, Monoid> = {
  reduce_sum: {
    init: () => 0,
    combine: (d) =>
      d === "int32"
        ? (a, x) => (a + x) | 0
        : d === "uint32"
        ? (a, x) => (a + x) >>> 0
        : (a, x) => a + x,
  },
  reduce_prod: {
    init: () => 1,
    combine: (d) =>
      d === "int32"
        ? (a, x) => Math.imul(a, x)
        : d === "uint32"
        ? (a, x) => Math.imul(a, x) >>> 0
        : (a, x) => Math.fround(a * x),
  },
  reduce_max: {
    init: (d) => (d === "float32" ? -Infinity : d === "int32" ? -2147483648 : 0),
    combine: () => (a, x) => (a > x || a !== a ? a : x !== x ? x : x > a ? x : a),
  },
  reduce_min: {
    init: (
      d,
    ) => (d === "float32"
      ? Infinity
      : d === "int32"
      ? 2147483647
      : d === "uint32"
      ? 4294967295
      : 1),
    combine: () => (a, x) => (a < x || a !== a ? a : x !== x ? x : x < a ? x : a),
  },
  reduce_and: {
    init: (d) => (d === "bool" ? 1 : d === "uint32" ? 4294967295 : -1),
    combine: (d) => {
      const w = wrapI(d);
      return (a, x) => w(a & x);
    },
  },
  reduce_or: {
    init: () => 0,
    combine: (d) => {
      const w = wrapI(d);
      return (a, x) => w(a | x);
    },
  },
  reduce_xor: {
    init: () => 0,
    combine: (d) => {
      const w = wrapI(d);
      return (a, x) => w(a ^ x);
    },
  },
};

/**
 * Moves the reduced axes to the end (copying only if needed) and returns the data with the
 * number of kept elements (`outer`) and reduced elements per output (`n`).
 */
function reduceLayout(
  src: TypedArray,
  x: ShapedArray,
  axes: number[],
): { data: TypedArray; outer: number; n: number; inner: number } {
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  let n = 1;
  for (const a of axes) n *= x.shape[a];
  const outer = x.size / (n || 1);
  // Contiguous reduced block [outer..][reduced..][inner..]: no copy.
  const sorted = [...axes].sort((a, b) => a - b);
  const contiguous = sorted.every((a, i) => i === 0 || a === sorted[i - 1] + 1);
  if (contiguous && sorted.length > 0) {
    let inner = 1;
    for (let i = sorted[sorted.length - 1] + 1; i < x.ndim; i++) inner *= x.shape[i];
    return { data: src, outer: outer / inner || 0, n, inner };
  }
  const perm = [...kept, ...sorted];
  const st = stridesOf(x.shape);
  const data = allocTyped(x.dtype, x.size);
  stridedCopy(src, 0, perm.map((p) => st[p]), perm.map((p) => x.shape[p]), data);
  return { data, outer, n, inner: 1 };
}

export function reduce(
  name: string,
  src: TypedArray,
  x: ShapedArray,
  out: ShapedArray,
  params: Params,
): TypedArray {
  const m = MONOIDS[name];
  const axes = params.axes as number[];
  const res = allocTyped(out.dtype, out.size);
  const init = m.init(x.dtype);
  if (axes.length === 0) {
    res.set(src);
    return res;
  }
  const { data, outer, n, inner } = reduceLayout(src, x, axes);
  if (n === 0) {
    res.fill(init);
    return res;
  }
  const combine = m.combine(x.dtype);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = init;
      const base = o * n;
      for (let k = 0; k < n; k++) acc = combine(acc, data[base + k]);
      res[o] = acc;
    }
  } else {
    // Accumulate rows of `inner` contiguous elements (better locality than a strided walk).
    const acc = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      acc.fill(init);
      const base = o * n * inner;
      for (let k = 0; k < n; k++) {
        const row = base + k * inner;
        for (let i = 0; i < inner; i++) acc[i] = combine(acc[i], data[row + i]);
      }
      res.set(acc, o * inner);
    }
  }
  return res;
}

/** argmax/argmin: first index of the extreme value; NaN is extreme (first NaN wins). */
export function argReduce(
  name: string,
  src: TypedArray,
  x: ShapedArray,
  out: ShapedArray,
  params: Params,
): TypedArray {
  const axis = (params.axes as number[])[0];
  const res = allocTyped(out.dtype, out.size);
  const n = x.shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < x.ndim; i++) inner *= x.shape[i];
  const outer = x.size / (n * inner);
  const better = name === "argmax"
    ? (a: number, b: number) => a > b
    : (a: number, b: number) => a < b;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = src[base], bi = 0;
      if (best === best) {
        for (let k = 1; k < n; k++) {
          const v = src[base + k * inner];
          if (v !== v) {
            bi = k;
            break;
          }
          if (better(v, best)) {
            best = v;
            bi = k;
          }
        }
      }
      res[o * inner + i] = bi;
    }
  }
  return res;
}

/** Cumulative reductions along one axis (optionally reversed). */
export function cumulative(
  name: string,
  src: TypedArray,
  x: ShapedArray,
  params: Params,
): TypedArray {
  const axis = params.axis as number;
  const reverse = params.reverse === true;
  const res = allocTyped(x.dtype, x.size);
  const n = x.shape[axis];
  let inner = 1;
  for (let i = axis + 1; i < x.ndim; i++) inner *= x.shape[i];
  const outer = n === 0 ? 0 : x.size / (n * inner);
  const d = x.dtype;
  let combine: Combine;
  let round = (v: number) => v;
  switch (name) {
    case "cumsum":
      combine = MONOIDS.reduce_sum.combine(d);
      if (d === "float32") round = Math.fround;
      break;
    case "cumprod":
      combine = MONOIDS.reduce_prod.combine(d);
      break;
    case "cummax":
      combine = MONOIDS.reduce_max.combine(d);
      break;
    case "cummin":
      combine = MONOIDS.reduce_min.combine(d);
      break;
    case "cumlogsumexp":
      combine = (a, v) => {
        const m = Math.max(a, v);
        // logaddexp as jnp computes it: max + log1p(exp(-|a - v|)). log1p keeps tiny terms that
        // log(1 + tiny) would round away; infinite m would give inf - inf = NaN, so return it.
        if (m === -Infinity || m === Infinity) return m;
        return Math.fround(m + Math.log1p(Math.exp(-Math.abs(a - v))));
      };
      break;
    default:
      throw new Error(`unknown cumulative ${name}`);
  }
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let acc = 0;
      for (let t = 0; t < n; t++) {
        const k = reverse ? n - 1 - t : t;
        const v = src[base + k * inner];
        // Each prefix is rounded to float32, as a float32 running sum would be.
        acc = t === 0 ? v : round(combine(acc, v));
        res[base + k * inner] = acc;
      }
    }
  }
  return res;
}
