/**
 * Jaxprs: JAX's intermediate representation of a traced function, with JAX's text form.
 *
 * `{ lambda a:f32[64,100]; b:f32[100]. let c:f32[64] = dot_general[…] a b in (c,) }`
 * (constvars before `;`, invars after, equations between `let` and `in`).
 */

import { ShapedArray } from "./aval.ts";
import type { DeviceArray } from "./array.ts";
import type { Params, Primitive } from "./primitive.ts";
import * as pp from "./pretty.ts";
import { pyFloatRepr } from "../print/pyrepr.ts";

let varCounter = 0;

/**
 * A variable of a jaxpr (JAX's `core.Var`): printed as `a`, `b`, … by position.
 *
 * @example
 * ```ts
 * import { jnp, makeJaxpr, type Var } from "@jaxscript/jaxscript";
 * const v: Var = makeJaxpr(jnp.sin)(jnp.ones([3])).jaxpr.invars[0];
 * String(v.aval); // "ShapedArray(float32[3])"
 * ```
 */
export class Var {
  /** Creation order, used only to keep printing and hashing deterministic. */
  readonly id = varCounter++;
  /** A fresh variable of the given abstract value. */
  constructor(
    /** The variable's abstract value. */
    readonly aval: ShapedArray,
  ) {}
}

/**
 * A scalar constant inlined into a jaxpr (JAX's `core.Literal`), printed as its value.
 *
 * @example
 * ```ts
 * import { jnp, type Literal, makeJaxpr } from "@jaxscript/jaxscript";
 * const closed = makeJaxpr((x) => jnp.add(x, 2))(jnp.ones([3]));
 * const two = closed.jaxpr.eqns[0].inputs[1] as Literal;
 * two.val; // 2
 * ```
 */
export class Literal {
  /** The value as an array, created on first evaluation and reused. */
  cached: DeviceArray | null = null;
  /** A literal `val` of the given (scalar) abstract value. */
  constructor(
    /** The value, as a JS number. */
    readonly val: number,
    /** Its abstract value (a 0-d shape). */
    readonly aval: ShapedArray,
  ) {}
}

/**
 * An equation's operand: a variable or a literal (JAX's `core.Atom`).
 *
 * @example
 * ```ts
 * import { type Atom, jnp, makeJaxpr } from "@jaxscript/jaxscript";
 * const eqn = makeJaxpr((x) => jnp.multiply(x, 3))(jnp.ones([2])).jaxpr.eqns[0];
 * const [x, three]: Atom[] = eqn.inputs; // a variable and the literal 3
 * "val" in three; // true
 * ```
 */
export type Atom = Var | Literal;

/**
 * One equation of a jaxpr (JAX's `core.JaxprEqn`): `outBinders = primitive[params] inputs`.
 *
 * @example
 * ```ts
 * import { jnp, type JaxprEqn, makeJaxpr } from "@jaxscript/jaxscript";
 * const eqn: JaxprEqn = makeJaxpr(jnp.sin)(jnp.ones([3])).jaxpr.eqns[0];
 * eqn.primitive.name; // "sin"
 * ```
 */
export class JaxprEqn {
  /** An equation applying `primitive` with `params` to `inputs`, binding `outBinders`. */
  constructor(
    /** The primitive applied. */
    readonly primitive: Primitive,
    /** Its operands. */
    readonly inputs: Atom[],
    /** Its static parameters (axes, shapes, sub-jaxprs, …). */
    readonly params: Params,
    /** The variables its results are bound to. */
    readonly outBinders: Var[],
  ) {}
}

/**
 * A jaxpr (JAX's `core.Jaxpr`): constvars, invars, equations and outvars. `String(jaxpr)` is
 * JAX's text form.
 *
 * @example
 * ```ts
 * import { jnp, type Jaxpr, makeJaxpr } from "@jaxscript/jaxscript";
 * const jaxpr: Jaxpr = makeJaxpr((x) => jnp.sum(jnp.sin(x)))(jnp.ones([3])).jaxpr;
 * jaxpr.eqns.map((e) => e.primitive.name); // [ "sin", "reduce_sum" ]
 * ```
 */
export class Jaxpr {
  /** A jaxpr from its parts (tracing builds them; see `makeJaxpr`). */
  constructor(
    /** Variables for values captured from outside (the ClosedJaxpr's consts). */
    readonly constvars: Var[],
    /** The arguments. */
    readonly invars: Var[],
    /** The equations, in order. */
    readonly eqns: JaxprEqn[],
    /** The results. */
    readonly outvars: Atom[],
  ) {}

  /** The abstract values of the arguments. */
  get inAvals(): ShapedArray[] {
    return this.invars.map((v) => v.aval);
  }
  /** The abstract values of the results. */
  get outAvals(): ShapedArray[] {
    return this.outvars.map((v) => v.aval);
  }

  /** JAX's text form: `{ lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }`. */
  toString(): string {
    return pp.format(ppJaxpr(this, new PpContext()));
  }

  /** Prints the text form in `console.log`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/**
 * A jaxpr with values for its constvars (JAX's `ClosedJaxpr`), what `makeJaxpr` returns.
 *
 * @example
 * ```ts
 * import { type ClosedJaxpr, jnp, makeJaxpr } from "@jaxscript/jaxscript";
 * const closed: ClosedJaxpr = makeJaxpr(jnp.sin)(jnp.ones([3]));
 * console.log(String(closed)); // { lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }
 * ```
 */
export class ClosedJaxpr {
  /** Closes `jaxpr` over `consts`, the values of its constvars. */
  constructor(
    /** The jaxpr. */
    readonly jaxpr: Jaxpr,
    /** The values of its constvars, in order. */
    readonly consts: DeviceArray[],
  ) {}
  /** The abstract values of the arguments. */
  get inAvals(): ShapedArray[] {
    return this.jaxpr.inAvals;
  }
  /** The abstract values of the results. */
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outAvals;
  }
  /** JAX's text form of the jaxpr. */
  toString(): string {
    return this.jaxpr.toString();
  }
  /** Prints the text form in `console.log`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// ---------------------------------------------------------------------------------------------
// Printing, after JAX's core.pp_jaxpr.

/** Names variables a, b, …, z, ba, bb, … in order of first appearance, across nested jaxprs. */
export class PpContext {
  names = new Map<Var, string>();
  next = 0;
  /** Gives `forVars` the names of `likeVars` (nested jaxprs of jit reuse the caller's names). */
  suggest(forVars: readonly Atom[], likeVars: readonly Atom[]): void {
    if (forVars.length !== likeVars.length) return;
    const used = new Set<Var>();
    forVars.forEach((f, i) => {
      const l = likeVars[i];
      if (f instanceof Var && l instanceof Var && !used.has(l) && !this.names.has(f)) {
        used.add(l);
        this.names.set(f, this.name(l));
      }
    });
  }
  name(v: Var): string {
    let n = this.names.get(v);
    if (n === undefined) {
      n = encodeAlphabetic(this.next++);
      this.names.set(v, n);
    }
    return n;
  }
}

function encodeAlphabetic(n: number): string {
  let s = "";
  while (s.length === 0 || n) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

function literalText(l: Literal): string {
  const v = l.val;
  let s: string;
  if (l.aval.dtype === "bool") s = v ? "True" : "False";
  else if (l.aval.dtype === "float32") s = pyFloatRepr(v);
  else s = String(v);
  return `${s}:${l.aval.strShort()}`;
}

function ppAtom(a: Atom, ctx: PpContext): string {
  return a instanceof Literal ? literalText(a) : ctx.name(a);
}

function ppBinders(vs: Var[], ctx: PpContext): pp.Doc {
  return pp.nest(
    2,
    pp.group(
      pp.join(pp.group(pp.brk()), vs.map((v) => pp.text(`${ctx.name(v)}:${v.aval.strShort()}`))),
    ),
  );
}

function ppUses(vs: Atom[], ctx: PpContext, sep = ""): pp.Doc {
  return pp.nest(
    2,
    pp.group(
      pp.join(
        pp.concat([pp.text(sep), pp.group(pp.brk())]),
        vs.map((v) => pp.text(ppAtom(v, ctx))),
      ),
    ),
  );
}

/** Formats a param value as JAX's `str()` of the Python value would. */
export function ppParamValue(v: unknown, ctx: PpContext): pp.Doc {
  if (v instanceof Jaxpr) return ppJaxpr(v, ctx);
  if (v instanceof ClosedJaxpr) return ppJaxpr(v.jaxpr, ctx);
  if (
    Array.isArray(v) && v.length > 0 &&
    v.every((x) => x instanceof Jaxpr || x instanceof ClosedJaxpr)
  ) {
    const docs = v.map((x) => ppJaxpr(x instanceof ClosedJaxpr ? x.jaxpr : x, ctx));
    return pp.group(pp.concat([
      pp.nest(2, pp.concat([pp.text("("), pp.brk(""), pp.join(pp.brk(), docs)])),
      pp.brk(""),
      pp.text(")"),
    ]));
  }
  return pp.text(pyStr(v));
}

/** Python's str() of a param value: tuples for arrays, None, True/False. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    const inner = v.map(pyStr);
    return inner.length === 1 ? `(${inner[0]},)` : `(${inner.join(", ")})`;
  }
  if (v instanceof PyList) return `[${v.items.map(pyStr).join(", ")}]`;
  return String(v);
}

/** Marks a param value that JAX holds as a Python list (printed with brackets). */
export class PyList {
  constructor(readonly items: unknown[]) {}
}

function ppParams(eqn: JaxprEqn, ctx: PpContext): pp.Doc {
  const prim = eqn.primitive;
  const entries: [string, unknown][] = prim.ppParams
    ? prim.ppParams(eqn.params)
    : Object.keys(eqn.params).sort().map((k) => [k, eqn.params[k]]);
  const pairs = entries.map(([k, v]) => [k, ppParamValue(v, ctx)] as [string, pp.Doc]);
  if (pairs.length === 0) return pp.nil;
  return pp.group(pp.concat([
    pp.nest(
      2,
      pp.concat([
        pp.text("["),
        pp.brk(""),
        pp.join(pp.brk(), pairs.map(([k, d]) => pp.concat([pp.text(`${k}=`), d]))),
      ]),
    ),
    pp.brk(""),
    pp.text("]"),
  ]));
}

function ppEqn(eqn: JaxprEqn, ctx: PpContext): pp.Doc {
  // Outputs are named before any nested jaxpr in the params, as in JAX.
  const lhs = ppBinders(eqn.outBinders, ctx);
  if (eqn.primitive.ppSuggestNames) {
    const inner = eqn.params.jaxpr as ClosedJaxpr;
    ctx.suggest(inner.jaxpr.invars, eqn.inputs);
    ctx.suggest(inner.jaxpr.outvars, eqn.outBinders);
  }
  const rhs = [
    pp.text(eqn.primitive.name),
    ppParams(eqn, ctx),
    pp.text(" "),
    ppUses(eqn.inputs, ctx),
  ];
  if (eqn.outBinders.length === 0) return pp.concat(rhs);
  return pp.concat([lhs, pp.text(" = "), ...rhs]);
}

export function ppJaxpr(jaxpr: Jaxpr, ctx: PpContext): pp.Doc {
  const constvars = ppBinders(jaxpr.constvars, ctx);
  const invars = ppBinders(jaxpr.invars, ctx);
  // Docs are built in print order, so names follow order of appearance.
  const eqns = pp.join(pp.brk("; "), jaxpr.eqns.map((e) => ppEqn(e, ctx)));
  const outvars = pp.concat([
    pp.text("("),
    ppUses(jaxpr.outvars, ctx, ","),
    pp.text(jaxpr.outvars.length !== 1 ? ")" : ",)"),
  ]);
  return pp.concat([
    pp.group(pp.nest(
      2,
      pp.concat([
        pp.text("{ "),
        pp.text("lambda "),
        constvars,
        pp.text("; "),
        invars,
        pp.text(". "),
        pp.text("let"),
        pp.nest(2, pp.concat([pp.brk(), eqns])),
        pp.brk(),
        pp.text("in "),
        outvars,
      ]),
    )),
    pp.text(" }"),
  ]);
}

/** Avals of a list of atoms. */
export function atomAvals(atoms: Atom[]): ShapedArray[] {
  return atoms.map((a) => a.aval);
}

export { ShapedArray };
