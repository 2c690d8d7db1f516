/**
 * Differential fuzzing of the primitives against the float64 reference: random shapes (empty and
 * 0-d included), dtypes, edge values (NaN, ±inf, -0.0, subnormals, int32 extremes), broadcasting
 * cases and axes. Each case runs eagerly and under `jit` (the CPU backend compiles a fused
 * program, a different code path from the eager kernels).
 */

import { type DeviceArray, lax } from "../../mod.ts";
import { PLATFORM } from "./config.ts";
import {
  checkEagerAndJit,
  DTYPES,
  fc,
  type FloatDomain,
  fuzzTest,
  refArb,
  shapeArb,
} from "./fuzz_util.ts";
import * as R from "./reference.ts";
import type { DType, Ref } from "./reference.ts";

const PI = Math.fround(Math.PI);
/** WGSL bounds sin/cos accuracy on [-π, π] only; the CPU is checked on a wide range. */
const TRIG: FloatDomain = PLATFORM === "webgpu" ? { min: -PI, max: PI } : { min: -100, max: 100 };

type Lax1 = (x: DeviceArray) => DeviceArray;

interface Unary {
  name: string;
  f: Lax1;
  params?: Record<string, unknown>;
  dtypes: DType[];
  domain?: FloatDomain;
}

const F: DType[] = ["float32"];
const unaries: Unary[] = [
  { name: "neg", f: lax.neg, dtypes: ["float32", "int32", "uint32"] },
  { name: "sign", f: lax.sign, dtypes: ["float32", "int32", "uint32"] },
  { name: "floor", f: lax.floor, dtypes: F },
  { name: "ceil", f: lax.ceil, dtypes: F },
  { name: "round", f: (x) => lax.round(x, 0), params: { rounding_method: 0 }, dtypes: F },
  { name: "round", f: (x) => lax.round(x, 1), params: { rounding_method: 1 }, dtypes: F },
  { name: "is_finite", f: lax.isFinite, dtypes: F },
  { name: "exp", f: lax.exp, dtypes: F, domain: { min: -80, max: 80 } },
  { name: "exp2", f: lax.exp2, dtypes: F, domain: { min: -120, max: 120 } },
  { name: "log", f: lax.log, dtypes: F, domain: { min: 0, max: 1e6 } },
  { name: "log1p", f: lax.log1p, dtypes: F, domain: { min: -1, max: 100 } },
  { name: "expm1", f: lax.expm1, dtypes: F, domain: { min: -20, max: 20 } },
  { name: "tanh", f: lax.tanh, dtypes: F },
  { name: "logistic", f: lax.logistic, dtypes: F, domain: { min: -40, max: 40 } },
  { name: "sin", f: lax.sin, dtypes: F, domain: TRIG },
  { name: "cos", f: lax.cos, dtypes: F, domain: TRIG },
  { name: "tan", f: lax.tan, dtypes: F, domain: { min: -1.5, max: 1.5 } },
  { name: "asin", f: lax.asin, dtypes: F, domain: { min: -1, max: 1 } },
  { name: "acos", f: lax.acos, dtypes: F, domain: { min: -1, max: 1 } },
  { name: "atan", f: lax.atan, dtypes: F },
  { name: "sinh", f: lax.sinh, dtypes: F },
  { name: "cosh", f: lax.cosh, dtypes: F },
  { name: "asinh", f: lax.asinh, dtypes: F },
  { name: "acosh", f: lax.acosh, dtypes: F, domain: { min: 1, max: 100 } },
  { name: "atanh", f: lax.atanh, dtypes: F, domain: { min: -1, max: 1 } },
  { name: "sqrt", f: lax.sqrt, dtypes: F, domain: { min: 0, max: 1e4 } },
  { name: "rsqrt", f: lax.rsqrt, dtypes: F, domain: { min: 0, max: 1e4 } },
  { name: "cbrt", f: lax.cbrt, dtypes: F },
  { name: "abs", f: lax.abs, dtypes: ["float32", "int32"] },
  { name: "not", f: lax.bitwiseNot, dtypes: ["int32", "uint32", "bool"] },
  { name: "erf", f: lax.erf, dtypes: F, domain: { min: -5, max: 5 } },
  { name: "erfc", f: lax.erfc, dtypes: F, domain: { min: -3, max: 9 } },
  { name: "erf_inv", f: lax.erfInv, dtypes: F, domain: { min: -1, max: 1 } },
  { name: "lgamma", f: lax.lgamma, dtypes: F, domain: { min: 0.01, max: 30 } },
  { name: "digamma", f: lax.digamma, dtypes: F, domain: { min: 0.01, max: 30 } },
  { name: "square", f: lax.square, dtypes: ["float32", "int32", "uint32"] },
  { name: "population_count", f: lax.populationCount, dtypes: ["int32", "uint32"] },
  { name: "clz", f: lax.clz, dtypes: ["int32", "uint32"] },
  ...[-3, -2, -1, 0, 1, 2, 3, 5, 8].map((y): Unary => ({
    name: "integer_pow",
    f: (x) => lax.integerPow(x, y),
    params: { y },
    dtypes: y < 0 ? F : ["float32", "int32", "uint32"],
  })),
];

fuzzTest(
  "unary primitives vs reference",
  250,
  fc.constantFrom(...unaries).chain((u) =>
    fc.tuple(fc.constant(u), fc.constantFrom(...u.dtypes), shapeArb()).chain(([u, d, s]) =>
      fc.tuple(fc.constant(u), refArb(s, d, u.domain))
    )
  ),
  async ([u, x]) => {
    const want = R.elementwise(u.name, [x], u.params ?? {});
    await checkEagerAndJit(
      `lax.${u.name}${u.params ? JSON.stringify(u.params) : ""}`,
      u.f,
      [x],
      want,
      {
        op: u.name,
      },
    );
  },
);

type Lax2 = (x: DeviceArray, y: DeviceArray) => DeviceArray;
interface Binary {
  name: string;
  f: Lax2;
  dtypes: DType[];
  domain?: FloatDomain;
}
const NUMERIC: DType[] = ["float32", "int32", "uint32"];
const INTS: DType[] = ["int32", "uint32"];
const binaries: Binary[] = [
  { name: "add", f: lax.add, dtypes: NUMERIC },
  { name: "sub", f: lax.sub, dtypes: NUMERIC },
  { name: "mul", f: lax.mul, dtypes: NUMERIC },
  { name: "div", f: lax.div, dtypes: NUMERIC },
  { name: "rem", f: lax.rem, dtypes: NUMERIC },
  { name: "pow", f: lax.pow, dtypes: F, domain: { min: -4, max: 4 } },
  { name: "max", f: lax.max, dtypes: DTYPES },
  { name: "min", f: lax.min, dtypes: DTYPES },
  { name: "atan2", f: lax.atan2, dtypes: F },
  { name: "nextafter", f: lax.nextafter, dtypes: F },
  { name: "and", f: lax.bitwiseAnd, dtypes: [...INTS, "bool"] },
  { name: "or", f: lax.bitwiseOr, dtypes: [...INTS, "bool"] },
  { name: "xor", f: lax.bitwiseXor, dtypes: [...INTS, "bool"] },
  { name: "eq", f: lax.eq, dtypes: DTYPES },
  { name: "ne", f: lax.ne, dtypes: DTYPES },
  { name: "lt", f: lax.lt, dtypes: DTYPES },
  { name: "le", f: lax.le, dtypes: DTYPES },
  { name: "gt", f: lax.gt, dtypes: DTYPES },
  { name: "ge", f: lax.ge, dtypes: DTYPES },
  { name: "shift_left", f: lax.shiftLeft, dtypes: INTS },
  { name: "shift_right_logical", f: lax.shiftRightLogical, dtypes: INTS },
  { name: "shift_right_arithmetic", f: lax.shiftRightArithmetic, dtypes: INTS },
];

/** Shapes that broadcast under lax's rule: rank 0, or the base shape with some axes set to 1. */
function laxBroadcastable(base: number[], k: number) {
  return fc.array(
    fc.oneof(
      { arbitrary: fc.constant(null), weight: 1 },
      {
        arbitrary: fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
        weight: 5,
      },
    ),
    { minLength: k, maxLength: k },
  ).map((picks) => picks.map((p) => (p === null ? [] : base.map((d, i) => (p[i] ? 1 : d)))));
}

fuzzTest(
  "binary primitives with lax broadcasting vs reference",
  300,
  fc.tuple(fc.constantFrom(...binaries), shapeArb(3, 4, 0, 36)).chain(([b, base]) =>
    fc.tuple(fc.constant(b), fc.constantFrom(...b.dtypes), laxBroadcastable(base, 2)).chain((
      [b, d, [s0, s1]],
    ) => fc.tuple(fc.constant(b), refArb(s0, d, b.domain), refArb(s1, d, b.domain)))
  ),
  async ([b, x, y]) => {
    const want = R.elementwise(b.name, [x, y]);
    await checkEagerAndJit(`lax.${b.name}`, b.f, [x, y], want, { op: b.name });
  },
);

fuzzTest(
  "select_n and clamp vs reference",
  120,
  fc.tuple(fc.constantFrom(...DTYPES), shapeArb(), fc.integer({ min: 1, max: 4 }), fc.boolean())
    .chain(([d, s, ncases, scalarWhich]) => {
      // bool `which` picks between two cases; int32 `which` between 1 to 4 (always in range).
      const wd: DType = ncases === 2 && d !== "int32" ? "bool" : "int32";
      const which = refArb(scalarWhich ? [] : s, wd).map((w) => {
        if (wd === "int32") w.data.forEach((v, i) => (w.data[i] = Math.abs(v) % ncases));
        return w;
      });
      return fc.tuple(
        fc.constant(d),
        which,
        fc.array(refArb(s, d), { minLength: ncases, maxLength: ncases }),
      );
    }),
  async ([d, which, cases]) => {
    const want = R.selectN(which, cases);
    await checkEagerAndJit(
      "lax.selectN",
      (w, ...cs) => lax.selectN(w, ...cs),
      [which, ...cases],
      want,
    );
    if (d !== "bool" && cases.length >= 1) {
      const x = cases[0];
      // clamp(lo, x, hi) with scalar bounds lo ≤ hi.
      const lo = Math.min(cases[cases.length - 1].data[0] ?? 0, 0);
      const hi = Math.max(cases[cases.length - 1].data[0] ?? 1, 1);
      if (Number.isNaN(lo) || Number.isNaN(hi)) return;
      const L = R.make([], d, [lo]), H = R.make([], d, [hi]);
      const want2 = R.elementwise("clamp", [L, x, H]);
      await checkEagerAndJit("lax.clamp", (l, v, h) => lax.clamp(l, v, h), [L, x, H], want2, {
        op: "clamp",
      });
    }
  },
);

fuzzTest(
  "convert_element_type between every pair of dtypes",
  120,
  fc.tuple(fc.constantFrom(...DTYPES), fc.constantFrom(...DTYPES), shapeArb()).chain(([a, b, s]) =>
    fc.tuple(fc.constant(b), refArb(s, a, { min: -5e9, max: 5e9 }))
  ),
  async ([to, x]) => {
    const want = R.convert(x, to);
    await checkEagerAndJit(
      `convert_element_type ${x.dtype}->${to}`,
      (v) => lax.convertElementType(v, to),
      [x],
      want,
    );
  },
);

// Data movement ------------------------------------------------------------------------------

const anyRef = (maxRank = 3, maxDim = 4, minDim = 0) =>
  fc.tuple(fc.constantFrom(...DTYPES), shapeArb(maxRank, maxDim, minDim)).chain(([d, s]) =>
    refArb(s, d)
  );

const structural = fc.oneof(
  // broadcast_in_dim: insert new axes and expand size-1 axes.
  anyRef().chain((x) =>
    fc.tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
      fc.array(fc.integer({ min: 1, max: 3 }), {
        minLength: x.shape.length,
        maxLength: x.shape.length,
      }),
      fc.integer({ min: 0, max: 2 ** 30 }),
    ).map(([extra, grow, seed]) => {
      const outRank = x.shape.length + extra.length;
      // Choose increasing positions for the operand's axes.
      const pos: number[] = [];
      let k = 0;
      for (let i = 0; i < outRank && pos.length < x.shape.length; i++) {
        const left = x.shape.length - pos.length, room = outRank - i;
        if (room === left || ((seed >> (i % 30)) & 1)) pos.push(i);
        k++;
      }
      const shape = new Array<number>(outRank);
      let e = 0;
      for (let i = 0; i < outRank; i++) {
        const j = pos.indexOf(i);
        shape[i] = j < 0 ? extra[e++] : x.shape[j] === 1 ? grow[j] : x.shape[j];
      }
      return {
        name: `broadcast_in_dim shape=[${shape}] dims=[${pos}]`,
        inputs: [x],
        f: (v: DeviceArray) => lax.broadcastInDim(v, shape, pos),
        want: R.broadcastInDim(x, shape, pos),
      };
    })
  ),
  // reshape to a random factorisation of the size.
  anyRef().chain((x) =>
    fc.shuffledSubarray([1, 1, 2, 3, 4, 5].filter(() => true), { minLength: 0, maxLength: 3 }).map(
      (fs) => {
        const n = R.size(x.shape);
        const shape: number[] = [];
        let rest = n;
        for (const f of fs) {
          if (rest % f === 0 && n > 0) {
            shape.push(f);
            rest /= f;
          }
        }
        shape.push(rest);
        return {
          name: `reshape to [${shape}]`,
          inputs: [x],
          f: (v: DeviceArray) => lax.reshape(v, shape),
          want: R.reshape(x, shape),
        };
      },
    )
  ),
  // transpose by a random permutation.
  anyRef().chain((x) =>
    fc.shuffledSubarray(x.shape.map((_, i) => i), {
      minLength: x.shape.length,
      maxLength: x.shape.length,
    }).map((perm) => ({
      name: `transpose perm=[${perm}]`,
      inputs: [x],
      f: (v: DeviceArray) => lax.transpose(v, perm),
      want: R.transpose(x, perm),
    }))
  ),
  // rev along a subset of axes.
  anyRef().chain((x) =>
    fc.subarray(x.shape.map((_, i) => i)).map((dims) => ({
      name: `rev dims=[${dims}]`,
      inputs: [x],
      f: (v: DeviceArray) => lax.rev(v, dims),
      want: R.rev(x, dims),
    }))
  ),
  // strided slice.
  anyRef().chain((x) =>
    fc.tuple(
      ...x.shape.map((d) =>
        fc.tuple(
          fc.integer({ min: 0, max: d }),
          fc.integer({ min: 0, max: d }),
          fc.integer({ min: 1, max: 3 }),
        )
          .map(([a, b, s]) => [Math.min(a, b), Math.max(a, b), s])
      ),
    ).map((spec) => {
      const start = spec.map((t) => t[0]), limit = spec.map((t) => t[1]);
      const strides = spec.map((t) => t[2]);
      return {
        name: `slice start=[${start}] limit=[${limit}] strides=[${strides}]`,
        inputs: [x],
        f: (v: DeviceArray) => lax.slice(v, start, limit, strides),
        want: R.slice(x, start, limit, strides),
      };
    })
  ),
  // pad with negative (cropping) and interior padding.
  anyRef(3, 4, 1).chain((x) =>
    fc.tuple(
      fc.tuple(
        ...x.shape.map((d) =>
          fc.tuple(
            fc.integer({ min: -Math.min(d, 2), max: 2 }),
            fc.integer({ min: -Math.min(d, 2), max: 2 }),
            fc.integer({ min: 0, max: 2 }),
          )
        ),
      ),
      refArb([], x.dtype),
    ).filter(([cfg]) =>
      cfg.every(([lo, hi, int], i) => lo + hi + x.shape[i] + Math.max(0, x.shape[i] - 1) * int >= 0)
    ).map(([cfg, v]) => ({
      name: `pad config=${JSON.stringify(cfg)}`,
      inputs: [x, v],
      f: (a: DeviceArray, b: DeviceArray) =>
        lax.pad(a, b, cfg as unknown as [number, number, number][]),
      want: R.pad(x, v, cfg as unknown as [number, number, number][]),
    }))
  ),
  // concatenate 1-3 operands along an axis.
  fc.tuple(fc.constantFrom(...DTYPES), shapeArb(3, 3, 0).filter((s) => s.length > 0)).chain((
    [d, s],
  ) =>
    fc.tuple(
      fc.integer({ min: 0, max: s.length - 1 }),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
    ).chain(([axis, sizes]) =>
      fc.tuple(...sizes.map((n) => refArb(s.map((v, i) => (i === axis ? n : v)), d))).map((
        xs,
      ) => ({
        name: `concatenate axis=${axis} sizes=[${sizes}]`,
        inputs: xs,
        f: (...vs: DeviceArray[]) => lax.concatenate(vs, axis),
        want: R.concatenate(xs, axis),
      }))
    )
  ),
  // dynamic_slice with clamped starts (out-of-range starts included).
  anyRef(3, 4, 1).chain((x) =>
    fc.tuple(
      fc.tuple(...x.shape.map((d) => fc.integer({ min: -2, max: d + 2 }))),
      fc.tuple(...x.shape.map((d) => fc.integer({ min: 0, max: d }))),
    ).map(([starts, sizes]) => ({
      name: `dynamic_slice starts=[${starts}] sizes=[${sizes}]`,
      inputs: [x],
      f: (v: DeviceArray) => lax.dynamicSlice(v, starts, sizes),
      want: R.dynamicSlice(x, starts, sizes),
    }))
  ),
  // iota along one axis.
  fc.tuple(
    fc.constantFrom<DType>("int32", "uint32", "float32"),
    shapeArb(3, 4, 1).filter((s) => s.length > 0),
  ).chain(([d, s]) =>
    fc.integer({ min: 0, max: s.length - 1 }).map((dim) => ({
      name: `broadcasted_iota ${d}[${s}] dim=${dim}`,
      inputs: [] as Ref[],
      f: () => lax.broadcastedIota(d, s, dim),
      want: R.iota(d, s, dim),
    }))
  ),
);

fuzzTest("structural primitives vs reference", 250, structural, async (c) => {
  await checkEagerAndJit(
    c.name,
    c.f as (...xs: DeviceArray[]) => DeviceArray,
    c.inputs,
    c.want,
  );
});

// Reductions ---------------------------------------------------------------------------------

const REDUCERS: Record<
  R.ReduceOp,
  { f: (x: DeviceArray, axes: number[]) => DeviceArray; dtypes: DType[] }
> = {
  sum: { f: lax.reduceSum, dtypes: NUMERIC },
  prod: { f: lax.reduceProd, dtypes: NUMERIC },
  max: { f: lax.reduceMax, dtypes: DTYPES },
  min: { f: lax.reduceMin, dtypes: DTYPES },
  and: { f: lax.reduceAnd, dtypes: [...INTS, "bool"] },
  or: { f: lax.reduceOr, dtypes: [...INTS, "bool"] },
  xor: { f: lax.reduceXor, dtypes: [...INTS, "bool"] },
};

fuzzTest(
  "reductions over random axes vs reference",
  200,
  fc.constantFrom(...(Object.keys(REDUCERS) as R.ReduceOp[])).chain((op) =>
    fc.tuple(fc.constant(op), fc.constantFrom(...REDUCERS[op].dtypes), shapeArb(3, 5)).chain((
      [op, d, s],
    ) =>
      fc.tuple(
        fc.constant(op),
        refArb(s, d, op === "prod" ? { min: -2, max: 2 } : undefined),
        fc.subarray(s.map((_, i) => i)),
      )
    )
  ),
  async ([op, x, axes]) => {
    const want = R.reduce(op, x, axes);
    await checkEagerAndJit(
      `reduce_${op} axes=[${axes}]`,
      (v) => REDUCERS[op].f(v, axes),
      [x],
      want,
      { op: `reduce_${op}` },
    );
  },
);

fuzzTest(
  "argmax / argmin (ties, NaN) vs reference",
  120,
  fc.tuple(
    fc.constantFrom<"argmax" | "argmin">("argmax", "argmin"),
    fc.constantFrom(...DTYPES),
    shapeArb(3, 4, 1).filter((s) => s.length > 0),
  ).chain(([op, d, s]) =>
    fc.tuple(
      fc.constant(op),
      refArb(s, d, { min: -2, max: 2 }),
      fc.integer({ min: 0, max: s.length - 1 }),
    )
  ),
  async ([op, x, axis]) => {
    const want = R.argReduce(op, x, axis);
    await checkEagerAndJit(
      `${op} axis=${axis}`,
      (v) => (op === "argmax" ? lax.argmax(v, axis) : lax.argmin(v, axis)),
      [x],
      want,
    );
  },
);

const CUMS: Record<R.CumOp, { f: typeof lax.cumsum; dtypes: DType[] }> = {
  cumsum: { f: lax.cumsum, dtypes: NUMERIC },
  cumprod: { f: lax.cumprod, dtypes: NUMERIC },
  cummax: { f: lax.cummax, dtypes: DTYPES },
  cummin: { f: lax.cummin, dtypes: DTYPES },
  cumlogsumexp: { f: lax.cumlogsumexp, dtypes: F },
};

fuzzTest(
  "cumulative reductions (forward and reverse) vs reference",
  150,
  fc.constantFrom(...(Object.keys(CUMS) as R.CumOp[])).chain((op) =>
    fc.tuple(
      fc.constant(op),
      fc.constantFrom(...CUMS[op].dtypes),
      shapeArb(3, 5, 0).filter((s) => s.length > 0),
      fc.boolean(),
    ).chain(([op, d, s, rev]) =>
      fc.tuple(
        fc.constant(op),
        refArb(s, d, op === "cumprod" ? { min: -2, max: 2 } : undefined),
        fc.integer({ min: 0, max: s.length - 1 }),
        fc.constant(rev),
      )
    )
  ),
  async ([op, x, axis, reverse]) => {
    const want = R.cumulative(op, x, axis, reverse);
    await checkEagerAndJit(
      `${op} axis=${axis} reverse=${reverse}`,
      (v) => CUMS[op].f(v, axis, reverse),
      [x],
      want,
      { op },
    );
  },
);

// dot_general --------------------------------------------------------------------------------

/** Random dot_general: batch, contracting and free axes in random positions of each operand. */
const dotCase = fc.tuple(
  fc.constantFrom<DType>("float32", "float32", "int32", "uint32"),
  fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 1 }), // batch sizes
  fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }), // contracting sizes
  fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }), // lhs free
  fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 1 }), // rhs free
  fc.integer({ min: 0, max: 2 ** 30 }),
).chain(([d, bs, cs, lf, rf, seed]) => {
  // Axis kinds of each operand, shuffled by `seed`.
  const kinds = (free: number[]) => [
    ...bs.map((n, i) => ({ k: "b", i, n })),
    ...cs.map((n, i) => ({ k: "c", i, n })),
    ...free.map((n, i) => ({ k: "f", i, n })),
  ];
  const shuffle = <T>(xs: T[], s: number) => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const j = s % (i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const la = shuffle(kinds(lf), seed), ra = shuffle(kinds(rf), seed ^ 0x5bd1e995);
  const pos = (axes: { k: string; i: number }[], k: string) =>
    axes.map((a, p) => ({ ...a, p })).filter((a) => a.k === k).sort((a, b) => a.i - b.i).map((a) =>
      a.p
    );
  const dims: R.DotDims = [[pos(la, "c"), pos(ra, "c")], [pos(la, "b"), pos(ra, "b")]];
  const dom = { min: -4, max: 4, edges: false };
  return fc.tuple(
    refArb(la.map((a) => a.n), d, dom),
    refArb(ra.map((a) => a.n), d, dom),
    fc.constant(dims),
  );
}).filter(([a, b]) => R.size(a.shape) <= 64 && R.size(b.shape) <= 64);

fuzzTest("dot_general (batch/contracting/free axes anywhere) vs reference", 150, dotCase, async (
  [a, b, dims],
) => {
  const want = R.dotGeneral(a, b, dims);
  await checkEagerAndJit(
    `dot_general dims=${JSON.stringify(dims)}`,
    (x, y) => lax.dotGeneral(x, y, dims),
    [a, b],
    want,
    { op: "dot_general" },
  );
});

// Sorting ------------------------------------------------------------------------------------

fuzzTest(
  "sort (stable, multi-operand, NaN last, -0 == +0) vs reference",
  120,
  fc.tuple(
    fc.constantFrom(...DTYPES),
    fc.constantFrom(...DTYPES),
    shapeArb(3, 5, 0).filter((s) => s.length > 0),
    fc.integer({ min: 1, max: 2 }),
  ).chain(([d0, d1, s, numKeys]) =>
    fc.tuple(
      refArb(s, d0, { min: -3, max: 3 }),
      refArb(s, d1, { min: -3, max: 3 }),
      fc.integer({ min: 0, max: s.length - 1 }),
      fc.constant(numKeys),
    )
  ),
  async ([k, v, dim, numKeys]) => {
    const want = R.sort([k, v], dim, numKeys);
    await checkEagerAndJit(
      `sort dim=${dim} numKeys=${numKeys}`,
      (a, b) => lax.sort([a, b], dim, true, numKeys),
      [k, v],
      want,
    );
  },
);
