/**
 * Differential fuzzing of jax.numpy against the reference: numpy broadcasting across ranks, JAX's
 * dtype promotion (weak JS scalars included), Python's integer floor division and modulo,
 * reductions with negative axes and keepdims, indexing (`x.get`: ints, slices with negative
 * steps, newaxis, ellipsis, integer arrays → gather) and `jnp.take`, sort/argsort.
 */

import { type DeviceArray, jnp } from "../../mod.ts";
import {
  checkEagerAndJit,
  DTYPES,
  fc,
  fuzzTest,
  intValue,
  refArb,
  shapeArb,
  toDevice,
} from "./fuzz_util.ts";
import { mismatches } from "./compare.ts";
import * as R from "./reference.ts";
import type { DType, Ref } from "./reference.ts";

// Promotion (JAX's lattice with x64 disabled; dtype_table.md) --------------------------------

interface Kind {
  dtype: DType;
  weak: boolean;
}

/** JAX's result type of two operands; written from the table, not from src/dtype.ts. */
function promote(a: Kind, b: Kind): Kind {
  if (a.weak && b.weak) {
    return {
      dtype: a.dtype === "float32" || b.dtype === "float32" ? "float32" : "int32",
      weak: true,
    };
  }
  if (a.weak || b.weak) {
    const [w, s] = a.weak ? [a, b] : [b, a];
    if (w.dtype === "float32") return s.dtype === "float32" ? s : { dtype: "float32", weak: true };
    return s.dtype === "bool" ? { dtype: "int32", weak: true } : s;
  }
  const x = a.dtype, y = b.dtype;
  if (x === y) return a;
  if (x === "float32" || y === "float32") return { dtype: "float32", weak: false };
  if (x === "bool") return b;
  if (y === "bool") return a;
  return { dtype: "int32", weak: false }; // int32 ⊔ uint32 = int64 → int32
}

/** numpy broadcasting: leading 1s, then lax broadcasting. */
function rankPromote(x: Ref, rank: number): Ref {
  return R.reshape(x, [...new Array(rank - x.shape.length).fill(1), ...x.shape]);
}

/** Shapes that broadcast under numpy's rule (any ranks ≤ 3). */
const numpyShapes = shapeArb(3, 4, 0, 36).chain((base) =>
  fc.tuple(
    ...[0, 1].map(() =>
      fc.tuple(
        fc.integer({ min: 0, max: base.length }),
        fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      ).map(([drop, ones]) => base.map((d, i) => (ones[i] ? 1 : d)).slice(drop))
    ),
  )
);

type JnpBinary = (x: DeviceArray | number, y: DeviceArray | number) => DeviceArray;

interface JnpOp {
  name: string;
  f: JnpBinary;
  dtypes: DType[];
  /** Reference on promoted, broadcast operands of dtype t. */
  ref: (x: Ref, y: Ref, t: DType) => Ref;
}

/** Python's floor division and modulo on ints, with JAX's results for a zero divisor. */
function pyDivMod(x: number, y: number, t: DType): [number, number] {
  if (t === "uint32") {
    return [y === 0 ? 0xffffffff : Math.floor(x / y), y === 0 ? 0 : x % y];
  }
  // JAX: x // 0 = lax.div(x, 0) - 1 where sign(x) != 0 (lax.div gives -1); x % 0 = x % 1 = 0.
  if (y === 0) return [x === 0 ? -1 : -2, 0];
  const bx = BigInt(x), by = BigInt(y);
  let q = bx / by;
  if ((bx % by !== 0n) && ((bx < 0n) !== (by < 0n))) q -= 1n;
  const r = bx - q * by;
  return [Number(BigInt.asIntN(32, q)), Number(BigInt.asIntN(32, r))];
}

const ew2 = (name: string) => (x: Ref, y: Ref) => R.elementwise(name, [x, y]);

const jnpOps: JnpOp[] = [
  { name: "add", f: jnp.add, dtypes: ["float32", "int32", "uint32"], ref: ew2("add") },
  { name: "subtract", f: jnp.subtract, dtypes: ["float32", "int32", "uint32"], ref: ew2("sub") },
  { name: "multiply", f: jnp.multiply, dtypes: ["float32", "int32", "uint32"], ref: ew2("mul") },
  { name: "maximum", f: jnp.maximum, dtypes: DTYPES, ref: ew2("max") },
  { name: "minimum", f: jnp.minimum, dtypes: DTYPES, ref: ew2("min") },
  { name: "less", f: jnp.less, dtypes: DTYPES, ref: ew2("lt") },
  { name: "equal", f: jnp.equal, dtypes: DTYPES, ref: ew2("eq") },
  {
    name: "floorDivide",
    f: jnp.floorDivide,
    dtypes: ["int32", "uint32"],
    ref: (x, y, t) => {
      const out = R.elementwise("add", [x, y]);
      out.data.forEach((
        _,
        i,
      ) => (out.data[i] = pyDivMod(bcast(x, i, out), bcast(y, i, out), t)[0]));
      return out;
    },
  },
  {
    name: "remainder",
    f: jnp.remainder,
    dtypes: ["float32", "int32", "uint32"],
    ref: (x, y, t) => {
      const out = R.elementwise("rem", [x, y]);
      out.data.forEach((_, i) => {
        const a = bcast(x, i, out), b = bcast(y, i, out);
        if (t !== "float32") out.data[i] = pyDivMod(a, b, t)[1];
        else {
          // JAX: m = fmod(a, b); m + b where m ≠ 0 and sign(m) ≠ sign(b) (one float32 rounding).
          const m = a % b;
          out.data[i] = m !== 0 && (m < 0) !== (b < 0) ? m + b : m;
          out.err![i] = R.ulp32(out.data[i]);
        }
      });
      return out;
    },
  },
];

/** Element i of the (lax-broadcast) result `out`, read from operand x. */
function bcast(x: Ref, i: number, out: Ref): number {
  if (x.shape.length === 0) return x.data[0];
  const idx = R.unravel(i, out.shape).map((v, a) => (x.shape[a] === 1 ? 0 : v));
  return x.data[R.ravel(idx, x.shape)];
}

fuzzTest(
  "jnp binary ops: numpy broadcasting and dtype promotion (weak scalars too)",
  600,
  fc.tuple(
    fc.constantFrom(...jnpOps),
    fc.constantFrom(...DTYPES),
    fc.constantFrom(...DTYPES),
    numpyShapes,
    fc.constantFrom("array", "array", "array", "weak-int", "weak-float"),
  ).chain(([op, d0, d1, [s0, s1], second]) =>
    fc.tuple(
      fc.constant(op),
      refArb(s0, d0),
      second === "array"
        ? refArb(s1, d1)
        : second === "weak-int"
        ? fc.integer({ min: -20, max: 20 }).map((v) => R.make([], "int32", [v]))
        : fc.double({ min: -20, max: 20, noNaN: true }).map((v) =>
          R.make([], "float32", [Math.fround(v) === Math.trunc(v) ? v + 0.5 : v])
        ),
      fc.constant(second !== "array"),
    )
  ).filter(([op, x, y, weak]) => {
    const t = promote({ dtype: x.dtype, weak: false }, { dtype: y.dtype, weak }).dtype;
    // A negative JS int meeting uint32 is JAX's OverflowError (a bad-input case, not fuzzed here).
    if (weak && t === "uint32" && y.data[0] < 0) return false;
    return op.dtypes.includes(t) && !(op.name === "remainder" && t === "float32" &&
      Array.from(y.data).some((v) => v === 0 || !Number.isFinite(v)));
  }),
  async ([op, x, y, weak]) => {
    const k = promote({ dtype: x.dtype, weak: false }, { dtype: y.dtype, weak });
    // JS scalars convert on the host with float semantics (castScalar); arrays with XLA's.
    const yv = weak ? R.make([], k.dtype, [R.store(y.data[0], k.dtype)]) : R.convert(y, k.dtype);
    const xv = R.convert(x, k.dtype);
    const rank = Math.max(x.shape.length, y.shape.length);
    const want = op.ref(rankPromote(xv, rank), rankPromote(yv, rank), k.dtype);
    const scalar = y.data[0];
    await checkEagerAndJit(
      `jnp.${op.name}(${x.dtype}[${x.shape}], ${weak ? `${scalar}` : `${y.dtype}[${y.shape}]`})`,
      weak ? (a) => op.f(a, scalar) : (a, b) => op.f(a, b),
      weak ? [x] : [x, y],
      want,
      { op: op.name === "maximum" ? "max" : op.name === "minimum" ? "min" : op.name },
    );
  },
);

// Reductions through jnp: negative axes, keepdims, bool sums -----------------------------------

fuzzTest(
  "jnp.sum/max/min/prod/any/all with negative axes and keepdims",
  300,
  fc.tuple(
    fc.constantFrom("sum", "max", "min", "prod", "any", "all"),
    fc.constantFrom(...DTYPES),
    shapeArb(3, 4, 1),
    fc.boolean(),
  ).chain(([op, d, s, keepdims]) =>
    fc.tuple(
      fc.constant(op),
      refArb(s, d, op === "prod" ? { min: -2, max: 2 } : undefined),
      fc.subarray(s.map((_, i) => i)).chain((axes) =>
        fc.tuple(...axes.map((a) => fc.constantFrom(a, a - s.length)))
      ),
      fc.constant(keepdims),
    )
  ).filter(([op, x]) => !((op === "max" || op === "min") && x.data.length === 0)),
  async ([op, x, axesIn, keepdims]) => {
    const axes = axesIn.map((a) => (a < 0 ? a + x.shape.length : a)).sort();
    const ax = axesIn.length ? axesIn : null;
    let src = x;
    if (op === "sum" || op === "prod") src = x.dtype === "bool" ? R.convert(x, "int32") : x;
    if (op === "any" || op === "all") src = R.convert(x, "bool");
    const rop: R.ReduceOp = op === "any" ? "or" : op === "all" ? "and" : (op as R.ReduceOp);
    let want = R.reduce(rop, src, ax === null ? x.shape.map((_, i) => i) : axes);
    if (keepdims) {
      const all = ax === null ? x.shape.map((_, i) => i) : axes;
      want = R.reshape(want, x.shape.map((d, i) => (all.includes(i) ? 1 : d)));
    }
    const f = (jnp as unknown as Record<string, (a: DeviceArray, o: unknown) => DeviceArray>)[op];
    await checkEagerAndJit(
      `jnp.${op}(${x.dtype}[${x.shape}], {axis: ${JSON.stringify(ax)}, keepdims: ${keepdims}})`,
      (a) => f(a, { axis: ax, keepdims }),
      [x],
      want,
      { op: `reduce_${rop}` },
    );
  },
);

// Indexing -----------------------------------------------------------------------------------

type Item =
  | { kind: "int"; v: number }
  | { kind: "slice"; text: string; idxs: number[] }
  | { kind: "newaxis" }
  | { kind: "array"; ref: Ref };

/** Python's slice(start, stop, step).indices(n), as the list of positions it selects. */
function slicePositions(
  start: number | null,
  stop: number | null,
  step: number,
  n: number,
): number[] {
  const out: number[] = [];
  const norm = (
    v: number,
    lo: number,
    hi: number,
  ) => (v < 0 ? Math.max(v + n, lo) : Math.min(v, hi));
  if (step > 0) {
    const a = start === null ? 0 : norm(start, 0, n), b = stop === null ? n : norm(stop, 0, n);
    for (let i = a; i < b; i += step) out.push(i);
  } else {
    const a = start === null ? n - 1 : norm(start, -1, n - 1);
    const b = stop === null ? -1 : norm(stop, -1, n - 1);
    for (let i = a; i > b; i += step) out.push(i);
  }
  return out;
}

/** numpy indexing with ints, slices, newaxis and at most one integer array (no ints then). */
function numpyIndex(x: Ref, items: Item[]): Ref {
  const shape: number[] = [];
  for (const it of items) {
    if (it.kind === "slice") shape.push(it.idxs.length);
    else if (it.kind === "newaxis") shape.push(1);
    else if (it.kind === "array") shape.push(...it.ref.shape);
  }
  const n = R.size(shape);
  const out = R.make(shape, x.dtype);
  for (let o = 0; o < n; o++) {
    const oi = R.unravel(o, shape);
    const src: number[] = [];
    let p = 0;
    for (const it of items) {
      if (it.kind === "int") src.push(it.v < 0 ? it.v + x.shape[src.length] : it.v);
      else if (it.kind === "slice") src.push(it.idxs[oi[p++]]);
      else if (it.kind === "newaxis") p++;
      else {
        const k = it.ref.shape.length;
        let j = it.ref.data[R.ravel(oi.slice(p, p + k), it.ref.shape)];
        if (j < 0) j += x.shape[src.length];
        src.push(j);
        p += k;
      }
    }
    out.data[o] = x.data[R.ravel(src, x.shape)];
  }
  return out;
}

const indexCase = fc.tuple(
  fc.constantFrom(...DTYPES),
  shapeArb(3, 4, 1).filter((s) => s.length > 0),
)
  .chain(([d, s]) =>
    fc.tuple(
      refArb(s, d),
      fc.integer({ min: -1, max: s.length - 1 }), // axis carrying an integer array (-1: none)
      fc.integer({ min: 0, max: s.length }), // how many leading axes get explicit items
      fc.boolean(), // insert a newaxis
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 2 }),
          fc.option(fc.integer({ min: -5, max: 5 })),
          fc.option(fc.integer({ min: -5, max: 5 })),
          fc.constantFrom(1, 1, 2, -1, -2),
          fc.integer({ min: -4, max: 3 }),
        ),
        { minLength: s.length, maxLength: s.length },
      ),
      fc.array(fc.integer({ min: -4, max: 3 }), { minLength: 0, maxLength: 5 }),
    )
  ).map(([x, arrAxis, nItemsIn, newaxis, specs, arrVals]) => {
    // The axis carrying an integer array gets an explicit item, and so do the axes before it.
    const nItems = Math.max(nItemsIn, arrAxis + 1);
    const items: Item[] = [];
    const index: (number | string | null | number[])[] = [];
    for (let a = 0; a < nItems; a++) {
      const n = x.shape[a];
      const [kind, start, stop, step, iv] = specs[a];
      if (a === arrAxis) {
        const vals = arrVals.map((v) => ((v % n) + n) % n - (v < 0 ? n : 0)); // in [-n, n)
        items.push({ kind: "array", ref: R.make([vals.length], "int32", vals) });
        index.push(vals);
      } else if (kind === 0 && arrAxis < 0) {
        const v = ((iv % n) + n) % n - (iv < 0 ? n : 0);
        items.push({ kind: "int", v });
        index.push(v);
      } else {
        const text = `${start ?? ""}:${stop ?? ""}:${step}`;
        items.push({ kind: "slice", text, idxs: slicePositions(start, stop, step, n) });
        index.push(text);
      }
      if (newaxis && a === 0) {
        items.push({ kind: "newaxis" });
        index.push(null);
      }
    }
    // The remaining axes are taken whole (implicitly, or through an ellipsis).
    for (let a = nItems; a < x.shape.length; a++) {
      items.push({ kind: "slice", text: ":", idxs: slicePositions(null, null, 1, x.shape[a]) });
    }
    if (nItems < x.shape.length && nItems > 0 && specs[0][0] === 1) index.push("...");
    return { x, items, index };
  });

fuzzTest(
  "x.get(...) indexing (ints, slices, newaxis, ellipsis, int arrays) vs numpy",
  400,
  indexCase,
  async (
    c,
  ) => {
    const want = numpyIndex(c.x, c.items);
    await checkEagerAndJit(
      `x.get(${c.index.map((i) => JSON.stringify(i)).join(", ")}) of ${c.x.dtype}[${c.x.shape}]`,
      (a) => a.get(...(c.index as Parameters<DeviceArray["get"]>)),
      [c.x],
      want,
    );
  },
);

fuzzTest(
  "jnp.take along an axis, out-of-bounds indices fill with NaN",
  200,
  fc.tuple(shapeArb(3, 4, 1).filter((s) => s.length > 0), shapeArb(2, 3, 0)).chain(([s, is]) =>
    fc.tuple(
      refArb(s, "float32"),
      fc.integer({ min: 0, max: s.length - 1 }),
      fc.array(fc.integer({ min: -6, max: 6 }), { minLength: R.size(is), maxLength: R.size(is) })
        .map((v) => R.make(is, "int32", v)),
    )
  ),
  async ([x, axis, idx]) => {
    const want = R.takeAlongAxis(x, idx, axis, NaN);
    await checkEagerAndJit(
      `jnp.take(float32[${x.shape}], int32[${idx.shape}] = [${idx.data}], {axis: ${axis}})`,
      (a, i) => jnp.take(a, i, { axis }),
      [x, idx],
      want,
    );
  },
);

fuzzTest(
  "jnp.sort / jnp.argsort (stable, descending, NaN last) vs reference",
  200,
  fc.tuple(
    fc.constantFrom(...DTYPES),
    shapeArb(3, 5, 0).filter((s) => s.length > 0),
    fc.boolean(),
  ).chain(([d, s, desc]) =>
    fc.tuple(
      refArb(s, d, { min: -3, max: 3 }),
      fc.integer({ min: -s.length, max: s.length - 1 }),
      fc.constant(desc),
    )
  ),
  async ([x, axisIn, descending]) => {
    const axis = axisIn < 0 ? axisIn + x.shape.length : axisIn;
    const iota = R.iota("int32", x.shape, axis);
    let [sorted, perm] = R.sort([x, iota], axis, 1);
    if (descending) {
      // JAX (sorting.py): sort reverses the ascending sort; argsort sorts the reversed array
      // (stable: ties keep their original order) and reverses the indices.
      sorted = R.rev(sorted, [axis]);
      const [, p2] = R.sort([R.rev(x, [axis]), iota], axis, 1);
      const n = x.shape[axis];
      perm = R.rev(p2, [axis]);
      perm.data.forEach((v, i) => (perm.data[i] = n - 1 - v));
    }
    await checkEagerAndJit(
      `jnp.sort(${x.dtype}[${x.shape}], {axis: ${axisIn}, descending: ${descending}})`,
      (a) => jnp.sort(a, { axis: axisIn, descending }),
      [x],
      sorted,
    );
    await checkEagerAndJit(
      `jnp.argsort(${x.dtype}[${x.shape}], {axis: ${axisIn}, descending: ${descending}})`,
      (a) => jnp.argsort(a, { axis: axisIn, descending }),
      [x],
      perm,
    );
  },
);

// Ensure unused helpers stay referenced for type checks.
void intValue;
void toDevice;
void mismatches;
