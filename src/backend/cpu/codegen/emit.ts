/**
 * JavaScript generation for the CPU jit: turns a fusion plan (plan.ts) into the source of one
 * function that runs the whole jaxpr — kernel steps as calls, fused loops inline — which is then
 * compiled once with `new Function`.
 *
 * Agreement with eager execution, bit for bit: each elementwise value is the same expr.ts
 * template the eager kernel uses, and it is rounded exactly as storing it would round it
 * (Math.fround for float32, |0 for int32, >>>0 for uint32, &255 for bool) at every equation
 * boundary, whether or not it is stored. Reductions mirror kernels/reduce.ts: the same initial
 * value and combine step, float sums accumulated in a double and rounded once when stored, and
 * each output's terms visited in increasing index order (the loop runs in row-major order).
 */

import type { Atom, Var } from "../../../core/jaxpr.ts";
import { Literal } from "../../../core/jaxpr.ts";
import type { DType } from "../../../dtype.ts";
import { allocTyped } from "../../../dtype.ts";
import { exprTemplates } from "../expr.ts";
import type { LoopPlan, ProgramPlan } from "./plan.ts";

const CTOR: Record<DType, string> = {
  float32: "Float32Array",
  int32: "Int32Array",
  uint32: "Uint32Array",
  bool: "Uint8Array",
};

/** The value a store into a typed array of `dtype` would keep. */
export function roundTo(dtype: DType, e: string): string {
  switch (dtype) {
    case "float32":
      return `Math.fround(${e})`;
    case "int32":
      return `((${e}) | 0)`;
    case "uint32":
      return `((${e}) >>> 0)`;
    case "bool":
      return `((${e}) & 255)`;
  }
}

/** A JS literal for a value stored in `dtype` (-0, NaN and infinities included). */
export function literalText(val: number, dtype: DType): string {
  const v = allocTyped(dtype, 1);
  v[0] = val;
  const x = v[0];
  if (Object.is(x, -0)) return "(-0)";
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "(-Infinity)";
  return x < 0 ? `(${x})` : String(x);
}

/** Reduction semantics, as kernels/reduce.ts's monoids (a, x are identifiers). */
const REDUCE: Record<string, { init: (d: DType) => number; combine: (d: DType) => string }> = {
  reduce_sum: {
    init: () => 0,
    combine: (d) => d === "int32" ? "(a + x) | 0" : d === "uint32" ? "(a + x) >>> 0" : "a + x",
  },
  reduce_prod: {
    init: () => 1,
    combine: (d) =>
      d === "int32"
        ? "Math.imul(a, x)"
        : d === "uint32"
        ? "Math.imul(a, x) >>> 0"
        : "Math.fround(a * x)",
  },
  reduce_max: {
    init: (d) => (d === "float32" ? -Infinity : d === "int32" ? -2147483648 : 0),
    combine: () => "(a > x || a !== a ? a : x !== x ? x : x > a ? x : a)",
  },
  reduce_min: {
    init: (d) =>
      d === "float32" ? Infinity : d === "int32" ? 2147483647 : d === "uint32" ? 4294967295 : 1,
    combine: () => "(a < x || a !== a ? a : x !== x ? x : x < a ? x : a)",
  },
  reduce_and: {
    init: (d) => (d === "bool" ? 1 : d === "uint32" ? 4294967295 : -1),
    combine: (d) => bitwise(d, "&"),
  },
  reduce_or: { init: () => 0, combine: (d) => bitwise(d, "|") },
  reduce_xor: { init: () => 0, combine: (d) => bitwise(d, "^") },
};

function bitwise(d: DType, op: string): string {
  return d === "int32" ? `(a ${op} x) | 0` : d === "uint32" ? `(a ${op} x) >>> 0` : `a ${op} x`;
}

const numText = (v: number) =>
  v === Infinity ? "Infinity" : v === -Infinity ? "(-Infinity)" : v < 0 ? `(${v})` : String(v);

function rowMajor(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = s;
    s *= shape[i];
  }
  return st;
}

/** Collects closure values and names for the generated function. */
export class Emitter {
  readonly env: unknown[] = [];
  private readonly envIds = new Map<unknown, number>();
  private readonly names = new Map<Var, string>();
  private counter = 0;

  /** A closure value, deduplicated by identity: `E3`. */
  value(v: unknown): string {
    let i = this.envIds.get(v);
    if (i === undefined) {
      i = this.env.length;
      this.env.push(v);
      this.envIds.set(v, i);
    }
    return `E${i}`;
  }

  /** The buffer name of a var. */
  buf(v: Var): string {
    let n = this.names.get(v);
    if (n === undefined) {
      n = `b${this.counter++}`;
      this.names.set(v, n);
    }
    return n;
  }

  bindName(v: Var, name: string): void {
    this.names.set(v, name);
  }

  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** The closure constant holding a literal as a one-element typed array. */
  literalBuffer(l: Literal): string {
    const data = allocTyped(l.aval.dtype, 1);
    data[0] = l.val;
    return this.value(data);
  }

  /** `const E0 = env[0], …;` for the prelude. */
  prelude(): string {
    if (this.env.length === 0) return "";
    return `const ${this.env.map((_, i) => `E${i} = env[${i}]`).join(", ")};\n`;
  }
}

interface Acc {
  /** The accumulator variable (a scalar, or a Float64Array when `array`). */
  name: string;
  out: string;
  ctor: string;
  size: number;
  init: string;
  combine: string;
  /** The value combined per element. */
  x: string;
  /** Output index strides along the loop's dims (0 on reduced axes). */
  st: number[];
}

/** One fused loop's source. */
export function emitLoop(
  loop: LoopPlan,
  plan: ProgramPlan,
  em: Emitter,
  index: number,
): string {
  const dims = loop.shape;
  const rank = dims.length;
  const flat = em.fresh("i"); // the flat (row-major) index
  const pre: string[] = []; // before the loops
  const body: string[] = []; // per element
  const locals = new Map<Var, string>();
  const hoisted = new Map<string, string>();
  const reads = new Map<string, string>();
  const flatReads = new Set<Var>(), otherReads = new Set<Var>();
  const stores: string[] = []; // per element, after the body (an output may reuse an input)
  const buffers: { v: Var; dtype: DType }[] = [];
  // Index vectors over the loop's dims (strides; 0 where the index does not advance).
  const vectors: { name: string; st: number[] }[] = [];
  const vectorOf = (st: number[]): string => {
    const key = st.join(",");
    const found = vectors.find((v) => v.st.join(",") === key);
    if (found) return found.name;
    const name = em.fresh("o");
    vectors.push({ name, st });
    return name;
  };
  /** The value of operand `a` at this iteration (broadcast along the loop's axes). */
  const read = (a: Atom, bcastDims?: number[]): string => {
    const r = plan.root(a);
    if (r instanceof Literal) return literalText(r.val, r.aval.dtype);
    const local = locals.get(r);
    if (local) return local;
    const b = em.buf(r);
    const av = a.aval;
    if (av.size === 1 && loop.size !== 1) {
      otherReads.add(r);
      let h = hoisted.get(b);
      if (!h) {
        h = em.fresh("s");
        hoisted.set(b, h);
        pre.push(`const ${h} = ${b}[0];`);
      }
      return h;
    }
    let idx = flat;
    if (av.size !== loop.size) {
      const st = new Array<number>(rank).fill(0);
      const ast = rowMajor(av.shape);
      for (let j = 0; j < av.shape.length; j++) {
        if (av.shape[j] !== 1) st[bcastDims ? bcastDims[j] : j] = ast[j];
      }
      idx = vectorOf(st);
    }
    (idx === flat ? flatReads : otherReads).add(r);
    const key = `${b}[${idx}]`;
    let x = reads.get(key);
    if (!x) {
      x = em.fresh("x");
      reads.set(key, x);
      body.push(`const ${x} = ${key};`);
    }
    return x;
  };
  const accs: Acc[] = [];
  for (const e of loop.eqns) {
    const name = e.primitive.name;
    const out = e.outBinders[0];
    const dt = out.aval.dtype;
    if (REDUCE[name] && (e.params.axes as number[]).length > 0) {
      const inD = e.inputs[0].aval.dtype;
      const axes = e.params.axes as number[];
      const ost = rowMajor(out.aval.shape);
      const st = new Array<number>(rank).fill(0);
      for (let d = 0, k = 0; d < rank; d++) if (!axes.includes(d)) st[d] = ost[k++];
      accs.push({
        name: em.fresh("a"),
        out: em.buf(out),
        ctor: CTOR[dt],
        size: out.aval.size,
        init: numText(REDUCE[name].init(inD)),
        combine: REDUCE[name].combine(inD),
        x: read(e.inputs[0]),
        st,
      });
      continue;
    }
    let value: string;
    if (REDUCE[name]) value = read(e.inputs[0]); // a reduction over no axes is a copy
    else if (name === "broadcast_in_dim") {
      value = read(e.inputs[0], e.params.broadcast_dimensions as number[]);
    } else {
      const args = e.inputs.map((a) => read(a));
      value = exprTemplates[name](args, e.inputs.map((a) => a.aval.dtype), dt, e.params);
    }
    const t = em.fresh("t");
    body.push(`const ${t} = ${roundTo(dt, value)};`);
    locals.set(out, t);
    if (plan.materialized.has(out)) {
      buffers.push({ v: out, dtype: dt });
      stores.push(`${em.buf(out)}[${flat}] = ${t};`);
    }
  }
  // Output buffers: a buffer the program allocated, read here (flat only) for the last time,
  // of the same dtype and size, is reused instead of allocating (every iteration reads its
  // element before the stores at the end of the body overwrite it).
  const taken = new Set<Var>();
  for (const { v, dtype } of buffers) {
    const reuse = [...flatReads].find((r) =>
      !taken.has(r) && !otherReads.has(r) && plan.fresh.has(r) &&
      plan.lastUse.get(r) === index && r.aval.dtype === dtype && r.aval.size === loop.size
    );
    if (reuse) taken.add(reuse);
    const init = reuse ? em.buf(reuse) : `new ${CTOR[dtype]}(${loop.size})`;
    pre.push(`const ${em.buf(v)} = ${init};`);
  }
  body.push(...stores);
  return scaffold(dims, flat, vectors, accs, pre, body, em);
}

/**
 * Wraps the body in nested loops over the loop's dims (adjacent dims merged where every index
 * advances contiguously across them), computing each index vector incrementally per level.
 * `flat` is the flat (row-major) index. An accumulator whose reduced dims are exactly the innermost
 * ones is a scalar, declared before those loops and stored after them; any other (a reduced dim
 * outside a kept one) is a Float64Array of the output's size, stored with one `set` at the end.
 */
function scaffold(
  dims: readonly number[],
  flat: string,
  vectors: { name: string; st: number[] }[],
  accs: Acc[],
  pre: string[],
  body: string[],
  em: Emitter,
): string {
  const all = [rowMajor(dims), ...vectors.map((v) => v.st), ...accs.map((a) => a.st)];
  const cd: number[] = [];
  const cst: number[][] = all.map(() => []);
  for (let d = 0; d < dims.length; d++) {
    if (dims[d] === 1) continue;
    const last = cd.length - 1;
    if (last >= 0 && all.every((st, k) => cst[k][last] === st[d] * dims[d])) {
      cd[last] *= dims[d];
      all.forEach((st, k) => (cst[k][last] = st[d]));
      continue;
    }
    cd.push(dims[d]);
    all.forEach((st, k) => cst[k].push(st[d]));
  }
  const m = cd.length;
  const vst = cst.slice(1, 1 + vectors.length);
  const ast = cst.slice(1 + vectors.length);
  // Scalar accumulators: the level L from which all strides are zero, with none zero before.
  const level = ast.map((st) => {
    let L = m;
    while (L > 0 && st[L - 1] === 0) L--;
    for (let d = 0; d < L; d++) if (st[d] === 0) return -1; // needs an array accumulator
    return L;
  });
  const lines: string[] = [...pre];
  const offs: string[][] = accs.map(() => []); // per accumulator, offset name per level
  accs.forEach((a, k) => {
    lines.push(`const ${a.out} = new ${a.ctor}(${a.size});`);
    if (level[k] < 0) {
      lines.push(
        `const ${a.name} = new Float64Array(${a.size})${a.init === "0" ? "" : `.fill(${a.init})`};`,
      );
    }
  });
  const openAcc = (L: number) =>
    accs.forEach((a, k) => level[k] === L && lines.push(`let ${a.name} = ${a.init};`));
  const closeAcc = (L: number) =>
    accs.forEach((a, k) =>
      level[k] === L && lines.push(`${a.out}[${L === 0 ? "0" : offs[k][L - 1]}] = ${a.name};`)
    );
  const j = (L: number) => (m === 1 ? flat : `${flat}_${L}`);
  const offset = (prev: string | undefined, idx: string, s: number) => {
    const term = s === 0 ? "" : s === 1 ? idx : `${idx} * ${s}`;
    if (!prev) return term || "0";
    return term ? `${prev} + ${term}` : prev;
  };
  if (m === 0) lines.push("{", `const ${flat} = 0;`);
  else if (m > 1) lines.push(`let ${flat} = 0;`);
  for (let L = 0; L < m; L++) {
    openAcc(L);
    lines.push(`for (let ${j(L)} = 0; ${j(L)} < ${cd[L]}; ${j(L)}++) {`);
    vectors.forEach((v, k) => {
      const name = L === m - 1 ? v.name : `${v.name}_${L}`;
      lines.push(
        `const ${name} = ${offset(L ? `${v.name}_${L - 1}` : undefined, j(L), vst[k][L])};`,
      );
    });
    accs.forEach((_, k) => {
      const name = em.fresh("p");
      lines.push(`const ${name} = ${offset(L ? offs[k][L - 1] : undefined, j(L), ast[k][L])};`);
      offs[k][L] = name;
    });
  }
  if (m === 0) vectors.forEach((v) => lines.push(`const ${v.name} = 0;`));
  openAcc(m);
  lines.push(...body);
  accs.forEach((a, k) => {
    const target = level[k] < 0 ? `${a.name}[${m ? offs[k][m - 1] : "0"}]` : a.name;
    lines.push(`{ const a = ${target}, x = ${a.x}; ${target} = ${a.combine}; }`);
  });
  closeAcc(m);
  if (m > 1) lines.push(`${flat}++;`);
  if (m === 0) lines.push("}");
  for (let L = m - 1; L >= 0; L--) {
    lines.push("}");
    closeAcc(L);
  }
  accs.forEach((a, k) => level[k] < 0 && lines.push(`${a.out}.set(${a.name});`));
  return lines.join("\n");
}
