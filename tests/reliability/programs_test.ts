/**
 * Small random programs (chains of jnp ops) checked against the float64 reference, and the
 * transformation laws as properties:
 *   - jit(f) equals f (both within the reference's error bound),
 *   - vmap(f)(X) equals stacking f(X[i]) (and the reference on each row),
 *   - grad(f) matches central differences of the float64 reference (float32 tolerances),
 *   - ⟨vjp(u), v⟩ = ⟨u, jvp(v)⟩,
 *   - and compositions: jit(vmap(f)), vmap(jit(f)), jit(grad(f)), vmap(grad(f)).
 */

import { type DeviceArray, grad, jit, jnp, jvp, vjp, vmap } from "../../mod.ts";
import { type Arbitrary, checkEagerAndJit, fc, fuzzTest, refArb, toDevice } from "./fuzz_util.ts";
import { mismatches } from "./compare.ts";
import * as R from "./reference.ts";
import type { Ref } from "./reference.ts";

type Step =
  | { k: "unary"; op: "sin" | "cos" | "tanh" | "logistic" | "square" | "neg" }
  | { k: "relu" }
  | { k: "leaky" }
  | { k: "scale"; c: number }
  | { k: "shift"; c: number }
  | { k: "binary"; op: "add" | "sub" | "mul"; other: number }
  | { k: "sum"; axis: number }
  | { k: "mean"; axis: number }
  | { k: "transpose" }
  | { k: "matmul"; w: Ref };

const SMOOTH = new Set(["unary", "scale", "shift", "binary", "sum", "mean", "transpose", "matmul"]);

interface Program {
  steps: Step[];
  /** Shapes of the values the program computes (value 0 is the input). */
  shapes: number[][];
}

/** A random program over a float32 input of shape `shape`; `smooth` avoids kinks (for grad). */
function programArb(shape: number[], smooth: boolean): Arbitrary<Program> {
  return fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.double({
        min: -2,
        max: 2,
        noNaN: true,
      }),
    ),
    { minLength: 1, maxLength: 6 },
  ).chain((raw) => {
    // Build steps deterministically from the raw draws, tracking shapes; matmul weights are
    // drawn afterwards for the shapes that turned out.
    const steps: (Step | { k: "matmul?"; n: number; m: number })[] = [];
    const shapes: number[][] = [shape];
    for (const [kind, n, c] of raw) {
      const cur = shapes[shapes.length - 1];
      const cf = Math.fround(c);
      let step: Step | { k: "matmul?"; n: number; m: number } | null = null;
      switch (kind) {
        case 0:
          step = {
            k: "unary",
            op: (["sin", "cos", "tanh", "logistic", "square", "neg"] as const)[n % 6],
          };
          break;
        case 1:
          step = smooth ? { k: "scale", c: cf } : n % 2 ? { k: "relu" } : { k: "leaky" };
          break;
        case 2:
          step = { k: "scale", c: cf };
          break;
        case 3:
          step = { k: "shift", c: cf };
          break;
        case 4: {
          // An earlier value whose shape broadcasts against the current one (numpy rules).
          const ok = shapes.map((s, i) => ({ s, i })).filter(({ s }) => broadcasts(s, cur));
          const pick = ok[n % ok.length];
          step = { k: "binary", op: (["add", "sub", "mul"] as const)[n % 3], other: pick.i };
          break;
        }
        case 5:
        case 6:
          if (cur.length > 0) {
            step = {
              k: kind === 5 ? "sum" : "mean",
              axis: (n % cur.length) - (n % 2 ? cur.length : 0),
            };
          }
          break;
        case 7:
          if (cur.length === 2) step = { k: "transpose" };
          break;
        default:
          if (cur.length >= 1 && cur.length <= 2) {
            step = { k: "matmul?", n: cur[cur.length - 1], m: 1 + (n % 3) };
          }
      }
      if (!step) continue;
      steps.push(step);
      shapes.push(stepShape(step, cur));
    }
    return fc.tuple(
      ...steps.map((s) =>
        s.k === "matmul?"
          ? refArb([s.n, s.m], "float32", { min: -1.5, max: 1.5, edges: false }).map((w): Step => ({
            k: "matmul",
            w,
          }))
          : fc.constant(s as Step)
      ),
    ).map((st) => ({ steps: st, shapes }));
  });
}

function broadcasts(a: number[], b: number[]): boolean {
  if (a.length > b.length) return false; // keep the current shape (the result must equal it)
  const off = b.length - a.length;
  return a.every((d, i) => d === 1 || d === b[off + i]);
}

function stepShape(s: Step | { k: "matmul?"; n: number; m: number }, cur: number[]): number[] {
  switch (s.k) {
    case "sum":
    case "mean": {
      const ax = s.axis < 0 ? s.axis + cur.length : s.axis;
      return cur.filter((_, i) => i !== ax);
    }
    case "transpose":
      return [cur[1], cur[0]];
    case "matmul?":
      return [...cur.slice(0, -1), s.m];
    default:
      return cur;
  }
}

/** Runs a program with jnp. */
function runJnp(p: Program, x: DeviceArray): DeviceArray {
  const vals: DeviceArray[] = [x];
  for (const s of p.steps) {
    const v = vals[vals.length - 1];
    let out: DeviceArray;
    switch (s.k) {
      case "unary":
        out = s.op === "logistic"
          ? jnp.divide(1, jnp.add(1, jnp.exp(jnp.negative(v))))
          : (jnp as unknown as Record<string, (a: DeviceArray) => DeviceArray>)[
            s.op === "neg" ? "negative" : s.op
          ](v);
        break;
      case "relu":
        out = jnp.maximum(v, 0);
        break;
      case "leaky":
        out = jnp.where(jnp.greater(v, 0), v, jnp.multiply(v, 0.125));
        break;
      case "scale":
        out = jnp.multiply(v, s.c);
        break;
      case "shift":
        out = jnp.add(v, s.c);
        break;
      case "binary":
        out = (jnp as unknown as Record<string, (a: DeviceArray, b: DeviceArray) => DeviceArray>)[
          s.op === "sub" ? "subtract" : s.op === "mul" ? "multiply" : "add"
        ](v, vals[s.other]);
        break;
      case "sum":
        out = jnp.sum(v, { axis: s.axis });
        break;
      case "mean":
        out = jnp.mean(v, { axis: s.axis });
        break;
      case "transpose":
        out = jnp.transpose(v);
        break;
      case "matmul":
        out = jnp.matmul(v, toDevice(s.w));
        break;
    }
    vals.push(out);
  }
  return vals[vals.length - 1];
}

const scalarRef = (c: number) => R.make([], "float32", [c]);

/** Runs a program on the reference (errors propagated). */
function runRef(p: Program, x: Ref): Ref {
  const vals: Ref[] = [x];
  const bcast = (a: Ref, b: Ref): [Ref, Ref] => {
    const rank = Math.max(a.shape.length, b.shape.length);
    const lift = (r: Ref) =>
      R.reshape(r, [...new Array(rank - r.shape.length).fill(1), ...r.shape]);
    return [lift(a), lift(b)];
  };
  for (const s of p.steps) {
    const v = vals[vals.length - 1];
    let out: Ref;
    switch (s.k) {
      case "unary":
        if (s.op === "logistic") {
          // 1 / (1 + exp(-v)), op by op as jnp runs it.
          const e = R.elementwise("exp", [R.elementwise("neg", [v])]);
          out = R.elementwise("div", [scalarRef(1), R.elementwise("add", [scalarRef(1), e])]);
        } else out = R.elementwise(s.op, [v]);
        break;
      case "relu":
        out = R.elementwise("max", [v, scalarRef(0)]);
        break;
      case "leaky":
        out = R.selectN(R.elementwise("gt", [v, scalarRef(0)]), [
          R.elementwise("mul", [v, scalarRef(0.125)]),
          v,
        ]);
        break;
      case "scale":
        out = R.elementwise("mul", [v, scalarRef(s.c)]);
        break;
      case "shift":
        out = R.elementwise("add", [v, scalarRef(s.c)]);
        break;
      case "binary":
        out = R.elementwise(s.op, bcast(v, vals[s.other]));
        break;
      case "sum":
      case "mean": {
        const ax = s.axis < 0 ? s.axis + v.shape.length : s.axis;
        out = R.reduce("sum", v, [ax]);
        if (s.k === "mean") out = R.elementwise("div", [out, scalarRef(v.shape[ax])]);
        break;
      }
      case "transpose":
        out = R.transpose(v, [1, 0]);
        break;
      case "matmul":
        out = R.dotGeneral(v, s.w, [[[v.shape.length - 1], [0]], [[], []]]);
        break;
    }
    vals.push(out);
  }
  return vals[vals.length - 1];
}

const inputShape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 2 });
const dom = { min: -2, max: 2, edges: false };

const describeProgram = (p: Program) =>
  p.steps.map((s) => {
    const { k, ...rest } = s as Step & { w?: Ref };
    if (k === "matmul") return `matmul(W[${(s as { w: Ref }).w.shape}])`;
    return `${k}${Object.keys(rest).length ? JSON.stringify(rest) : ""}`;
  }).join(" → ");

fuzzTest(
  "random jnp programs: eager and jit vs reference",
  250,
  inputShape.chain((s) => fc.tuple(refArb(s, "float32", dom), programArb(s, false))),
  async ([x, p]) => {
    const want = runRef(p, x);
    await checkEagerAndJit(
      `program ${describeProgram(p)}`,
      (a) => runJnp(p, a),
      [x],
      want,
      { exactZeros: false },
    );
  },
);

/** The reference of vmap(program) over axis 0: the program on each row, stacked. */
function stackedRef(p: Program, X: Ref): Ref {
  const rows: Ref[] = [];
  for (let i = 0; i < X.shape[0]; i++) {
    const row = R.slice(
      X,
      X.shape.map((_, a) => (a === 0 ? i : 0)),
      X.shape.map((d, a) => (a === 0 ? i + 1 : d)),
    );
    const r = runRef(p, R.reshape(row, X.shape.slice(1)));
    rows.push(R.reshape(r, [1, ...r.shape]));
  }
  return R.concatenate(rows, 0);
}

fuzzTest(
  "vmap(f)(X) equals stacking f(X[i]); jit(vmap(f)) and vmap(jit(f)) too",
  150,
  fc.tuple(inputShape, fc.integer({ min: 1, max: 3 })).chain(([s, b]) =>
    fc.tuple(refArb([b, ...s], "float32", dom), programArb(s, false))
  ),
  async ([X, p]) => {
    const want = stackedRef(p, X);
    const f = (a: DeviceArray) => runJnp(p, a);
    const Xd = toDevice(X);
    const what = `vmap of program ${describeProgram(p)} over X: float32[${X.shape}]`;
    const candidates: [string, DeviceArray][] = [
      ["vmap(f)", vmap(f)(Xd)],
      ["jit(vmap(f))", jit(vmap(f))(Xd)],
      ["vmap(jit(f))", vmap(jit(f))(Xd)],
      ["stack of f(X[i])", jnp.stack(Array.from({ length: X.shape[0] }, (_, i) => f(Xd.get(i))))],
    ];
    for (const [name, out] of candidates) {
      const m = mismatches(await out.data(), out.shape, "float32", want, { exactZeros: false });
      if (m) throw new Error(`${what}: ${name}: ${m}`);
    }
  },
);

/** A scalar objective: Σ program(x) · v, with a fixed random weighting v. */
function objective(p: Program, v: Ref) {
  return (x: DeviceArray) => jnp.sum(jnp.multiply(runJnp(p, x), toDevice(v)));
}

/** The objective on the reference in plain float64 (no error tracking). */
function objectiveRef(p: Program, v: Ref, x: Ref): number {
  const y = runRef(p, { shape: x.shape, dtype: "float32", data: x.data });
  let s = 0;
  for (let i = 0; i < y.data.length; i++) s += y.data[i] * v.data[v.shape.length ? i : 0];
  return s;
}

const smoothCase = inputShape.chain((s) =>
  fc.tuple(refArb(s, "float32", dom), programArb(s, true)).chain(([x, p]) =>
    fc.tuple(
      fc.constant(x),
      fc.constant(p),
      refArb(p.shapes[p.shapes.length - 1], "float32", { min: -1, max: 1, edges: false }),
    )
  )
).filter(([, p]) => p.steps.every((s) => SMOOTH.has(s.k)));

fuzzTest(
  "grad(f) matches central differences of the float64 reference; jit(grad), vmap(grad)",
  120,
  smoothCase,
  async ([x, p, v]) => {
    const F = objective(p, v);
    const g = grad(F)(toDevice(x)) as DeviceArray;
    const gj = jit(grad(F))(toDevice(x)) as DeviceArray;
    // vmap(grad) over a batch of one: the same gradient.
    const gv = vmap(grad(F))(jnp.reshape(toDevice(x), [1, ...x.shape])) as DeviceArray;
    const num = new Float64Array(x.data.length);
    for (let i = 0; i < x.data.length; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(x.data[i]));
      const xp = Float64Array.from(x.data), xm = Float64Array.from(x.data);
      xp[i] += h;
      xm[i] -= h;
      num[i] = (objectiveRef(p, v, { ...x, data: xp }) - objectiveRef(p, v, { ...x, data: xm })) /
        (2 * h);
    }
    const scale = Math.max(1, ...Array.from(num, Math.abs));
    for (const [name, arr] of [["grad", g], ["jit(grad)", gj], ["vmap(grad)", gv]] as const) {
      const got = await arr.data();
      for (let i = 0; i < num.length; i++) {
        // float32 tolerance: the gradient's own float32 evaluation vs a float64 derivative.
        if (!(Math.abs(got[i] - num[i]) <= 2e-4 * scale + 1e-3 * Math.abs(num[i]))) {
          throw new Error(
            `${name} of Σ(program·v), program ${describeProgram(p)}, x=float32[${x.shape}]: at ` +
              `${i} got ${got[i]}, central difference ${num[i]} (scale ${scale})`,
          );
        }
      }
    }
  },
);

fuzzTest(
  "⟨vjp(u), v⟩ = ⟨u, jvp(v)⟩ for random programs",
  150,
  inputShape.chain((s) =>
    fc.tuple(
      refArb(s, "float32", dom),
      programArb(s, true),
      refArb(s, "float32", {
        min: -1,
        max: 1,
        edges: false,
      }),
    ).chain(([x, p, t]) =>
      fc.tuple(
        fc.constant(x),
        fc.constant(p),
        fc.constant(t),
        refArb(p.shapes[p.shapes.length - 1], "float32", { min: -1, max: 1, edges: false }),
      )
    )
  ),
  async ([x, p, t, u]) => {
    const f = (a: DeviceArray) => runJnp(p, a);
    const [, tangentOut] = jvp(f, [toDevice(x)], [toDevice(t)]) as [DeviceArray, DeviceArray];
    const [, pullback] = vjp(f, toDevice(x));
    const [ct] = pullback(toDevice(u)) as DeviceArray[];
    const to = await tangentOut.data(), c = await ct.data();
    let lhs = 0, rhs = 0, mag = 0;
    for (let i = 0; i < c.length; i++) {
      lhs += c[i] * t.data[i];
      mag += Math.abs(c[i] * t.data[i]);
    }
    for (let i = 0; i < to.length; i++) {
      rhs += u.data[i] * to[i];
      mag += Math.abs(u.data[i] * to[i]);
    }
    if (!(Math.abs(lhs - rhs) <= 1e-4 * mag + 1e-6)) {
      throw new Error(
        `program ${
          describeProgram(p)
        }: <vjp(u), v> = ${lhs} but <u, jvp(v)> = ${rhs} (Σ|terms| ${mag})`,
      );
    }
  },
);
