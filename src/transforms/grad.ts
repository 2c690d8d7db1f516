/**
 * Differentiation APIs over pytrees: grad, valueAndGrad, jvp, vjp, linearize, jacfwd, jacrev,
 * hessian, built on the flat interpreters.
 */

import { DeviceArray } from "../core/array.ts";
import { isZero, type Tangent, Zero } from "../core/ad_util.ts";
import { isFloat } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { jvpFlat, tangentAval } from "../interpreters/jvp.ts";
import { applyLinear, instantiateZeros, linearizeFlat, vjpFlat } from "../interpreters/ad.ts";
import { flatten, type TreeDef, unflatten } from "../tree.ts";
import { NotImplementedError } from "../errors.ts";
import { checkOptions, isOptionsObject, tooManyArguments } from "../options.ts";
import { describeValue, pyShape } from "../shape.ts";
import { checkCallable } from "./args.ts";
import { vmap } from "./vmap.ts";

/**
 * Any function: what the transformations take and return. Arguments and results are pytrees of
 * arrays and JS numbers, checked when the function runs (as JAX checks Python values).
 *
 * @example
 * ```ts
 * import { type AnyFn, grad, jnp } from "@jaxscript/jaxscript";
 * const f: AnyFn = (x) => jnp.sum(jnp.square(x));
 * grad(f)(jnp.array([1, 2.5])); // DeviceArray([2., 5.], dtype=float32)
 * ```
 */
// deno-lint-ignore no-explicit-any
export type AnyFn = (...args: any[]) => any;

/**
 * Options of `grad` and `valueAndGrad`.
 *
 * @example
 * ```ts
 * import { type DeviceArray, grad, type GradOptions, jnp } from "@jaxscript/jaxscript";
 * const opts: GradOptions = { argnums: [0, 1], hasAux: true };
 * // returns [output, aux]: the output is differentiated, aux (any pytree of arrays) is passed on
 * const f = (x: DeviceArray, y: DeviceArray) => [jnp.vdot(x, y), { norm: jnp.vdot(x, x) }];
 * const [[dx, dy], aux] = grad(f, opts)(jnp.array([1, 2.5]), jnp.array([3, 4.5]));
 * dy; // DeviceArray([1. , 2.5], dtype=float32)
 * aux; // { norm: DeviceArray(7.25, dtype=float32) }
 * ```
 */
export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: number | readonly number[];
  /** `f` returns `[output, aux]`; aux is returned alongside, not differentiated. */
  hasAux?: boolean;
  /** Allow integer or bool inputs (their gradients are zeros). */
  allowInt?: boolean;
}

/** Converts a differentiable leaf: JS numbers become weak float32 scalars (JS has no 1 vs 1.0). */
function diffLeaf(x: unknown, allowInt: boolean): DeviceArray {
  let a: DeviceArray;
  if (x instanceof DeviceArray) a = x;
  else if (typeof x === "number") a = lax.scalar(x, "float32");
  else if (typeof x === "boolean") a = lax.scalar(x);
  else throw new TypeError(`Argument of type ${typeof x} is not a valid JAX type`);
  if (!isFloat(a.dtype) && !allowInt) {
    throw new TypeError(
      `grad requires real- or complex-valued inputs (input dtype that is a sub-dtype of ` +
        `np.inexact), but got ${a.dtype}. If you want to use Boolean- or integer-valued ` +
        `inputs, use vjp or set allowInt to true.`,
    );
  }
  return a;
}

const GRAD_KEYS = ["argnums", "hasAux", "allowInt"] as const;

/**
 * grad's options, given as an object or JAX's positional `argnums` (then options): `grad(f, 1)`,
 * `grad(f, [0, 1], { hasAux: true })`.
 */
function gradOptions(
  fn: string,
  opts: unknown,
  more: unknown,
  keys: readonly string[],
  nargs: number,
): GradOptions {
  if (nargs > 3) throw tooManyArguments(fn, 1, 3, nargs);
  if (typeof opts === "number" || Array.isArray(opts)) {
    checkOptions(fn, more, keys);
    if (more !== undefined && (more as GradOptions).argnums !== undefined) {
      throw new TypeError(`${fn}() got multiple values for argument 'argnums'`);
    }
    return { ...(more as GradOptions | undefined), argnums: opts as number | number[] };
  }
  if (more !== undefined) {
    throw new TypeError(
      `${fn}: the options object must be the last argument (JAX's positional form is ` +
        `${fn}(f, argnums, options))`,
    );
  }
  if (opts !== undefined && !isOptionsObject(opts)) {
    throw new TypeError(
      `${fn}: expected argnums (an integer or a list of them) or an options object such as ` +
        `{ argnums: 1 }, got ${describeValue(opts)}`,
    );
  }
  checkOptions(fn, opts, keys);
  return (opts ?? {}) as GradOptions;
}

function argnumsList(argnums: number | readonly number[] | undefined, nargs: number): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  return list.map((i) => {
    const j = i < 0 ? i + nargs : i;
    if (j < 0 || j >= nargs) {
      throw new ValueError(
        `argnums ${i} is out of bounds for the ${nargs} positional argument(s) passed`,
      );
    }
    return j;
  });
}

/**
 * The function returning both `f(...args)` and its gradient with respect to `argnums`, JAX's
 * `jax.value_and_grad`: `[value, grad]` (with `hasAux`, `[[value, aux], grad]`).
 *
 * @example
 * ```ts
 * import { type DeviceArray, jnp, valueAndGrad } from "@jaxscript/jaxscript";
 * const loss = (w: DeviceArray, x: DeviceArray) => jnp.sum(jnp.square(jnp.dot(x, w)));
 * const [value, g] = valueAndGrad(loss)(jnp.array([1, -1], { dtype: "float32" }), jnp.eye(2));
 * value; // DeviceArray(2., dtype=float32)
 * g; // DeviceArray([ 2., -2.], dtype=float32)
 * ```
 */
export function valueAndGrad(
  f: AnyFn,
  argnums?: GradOptions | number | readonly number[],
  options?: GradOptions,
): AnyFn {
  const opts = gradOptions("valueAndGrad", argnums, options, GRAD_KEYS, arguments.length);
  checkCallable(f);
  const vg = function (...args: unknown[]) {
    const nums = argnumsList(opts.argnums, args.length);
    const single = opts.argnums === undefined || typeof opts.argnums === "number";
    const diffArgs = nums.map((i) => args[i]);
    const [leaves, tree] = flatten(diffArgs);
    const primals = leaves.map((l) => diffLeaf(l, opts.allowInt ?? false));
    let auxTree: TreeDef | null = null;
    let nAux = 0;
    // Aux leaves that are not arrays (strings, objects) pass through untouched, in place.
    let auxOther: unknown[] = [];
    const fFlat = (...xs: DeviceArray[]) => {
      const replaced = unflatten(tree, xs) as unknown[];
      const full = args.map((a, i) => (nums.includes(i) ? replaced[nums.indexOf(i)] : a));
      let out = f(...full);
      let auxLeaves: DeviceArray[] = [];
      if (opts.hasAux) {
        if (!Array.isArray(out) || out.length !== 2) {
          throw new TypeError("hasAux=true requires the function to return a pair [output, aux]");
        }
        const [al, at] = flatten(out[1]);
        auxTree = at;
        const isArr = (l: unknown) =>
          l instanceof DeviceArray || typeof l === "number" || typeof l === "boolean";
        auxOther = al.map((l) => (isArr(l) ? undefined : l));
        auxLeaves = al.filter(isArr).map((l) =>
          l instanceof DeviceArray ? l : lax.scalar(l as number | boolean)
        );
        nAux = auxLeaves.length;
        out = out[0];
      }
      if (!(out instanceof DeviceArray) && typeof out !== "number" && typeof out !== "boolean") {
        throw new TypeError(
          `Gradient only defined for scalar-output functions. Output was ${describeValue(out)}.`,
        );
      }
      const o = out instanceof DeviceArray ? out : lax.scalar(out as number);
      checkScalarOutput(o);
      return [o, ...auxLeaves];
    };
    const [outs, backward] = vjpFlat(fFlat, primals);
    const ct: Tangent[] = [lax.convertElementType(1, outs[0].dtype)];
    for (let i = 0; i < nAux; i++) ct.push(new Zero(tangentAval(outs[1 + i].aval)));
    const grads = backward(ct).map((g, i) => castGrad(g, primals[i]));
    const gtree = unflatten(tree, grads) as unknown[];
    const gradOut = single ? gtree[0] : gtree;
    let ai = 1;
    const auxValues = auxOther.map((o) => (o === undefined ? outs[ai++] : o));
    const value = opts.hasAux ? [outs[0], unflatten(auxTree!, auxValues)] : outs[0];
    return [value, gradOut];
  };
  Object.defineProperty(vg, "name", { value: `valueAndGrad(${f.name || "<anonymous>"})` });
  return vg;
}

/** Gradients have the primal's dtype (zeros for integer inputs with allowInt). */
function castGrad(g: Tangent, primal: DeviceArray): DeviceArray {
  const arr = instantiateZeros(isZero(g) ? new Zero(primal.aval.withWeak(false)) : g);
  return arr.dtype === primal.dtype ? arr : lax.convertElementType(arr, primal.dtype);
}

function checkScalarOutput(o: DeviceArray): void {
  if (o.ndim !== 0) {
    throw new TypeError(
      `Gradient only defined for scalar-output functions. Output had shape: ${pyShape(o.shape)}.`,
    );
  }
  if (!isFloat(o.dtype)) {
    throw new TypeError(
      `grad requires real-valued outputs (output dtype that is a sub-dtype of np.floating), but ` +
        `got ${o.dtype}. For holomorphic differentiation, pass holomorphic=True. For ` +
        `differentiation of non-holomorphic functions involving complex outputs, use jax.vjp ` +
        `directly.`,
    );
  }
}

/**
 * The gradient of a scalar-valued function, JAX's `jax.grad`.
 *
 * @example
 * ```ts
 * import { grad, jnp } from "@jaxscript/jaxscript";
 * const df = grad((x) => jnp.sum(jnp.sin(x))); // d/dx sum(sin x) = cos x
 * df(jnp.array([0, 1, 2], { dtype: "float32" }));
 * // DeviceArray([ 1.        ,  0.5403023 , -0.41614684], dtype=float32)
 * grad((x, y) => jnp.multiply(x, y), { argnums: 1 })(3, 4); // DeviceArray(3., dtype=float32)
 * grad((x, y) => jnp.multiply(x, y), 1)(3, 4); // argnums positional: DeviceArray(3., dtype=float32)
 * ```
 */
export function grad(
  f: AnyFn,
  argnums?: GradOptions | number | readonly number[],
  options?: GradOptions,
): AnyFn {
  const opts = gradOptions("grad", argnums, options, GRAD_KEYS, arguments.length);
  const vg = valueAndGrad(f, opts);
  const g = function (...args: unknown[]) {
    const [value, gr] = vg(...args);
    return opts.hasAux ? [gr, value[1]] : gr;
  };
  Object.defineProperty(g, "name", { value: `grad(${f.name || "<anonymous>"})` });
  return g;
}

function toArrays(leaves: unknown[]): DeviceArray[] {
  return leaves.map((l) => (l instanceof DeviceArray ? l : lax.scalar(l as number, "float32")));
}

/**
 * Forward-mode Jacobian-vector product, JAX's `jax.jvp(f, primals, tangents)`.
 *
 * @example
 * ```ts
 * import { type DeviceArray, jnp, jvp } from "@jaxscript/jaxscript";
 * const x = jnp.array([0, 1], { dtype: "float32" });
 * const [y, dy] = jvp(jnp.sin, [x], [jnp.onesLike(x)]); // sin x and cos x · 1
 * dy; // DeviceArray([1.       , 0.5403023], dtype=float32)
 * // hasAux (positional or { hasAux: true }): f returns [output, aux]; aux comes back third
 * const [, , aux] = jvp((v: DeviceArray) => [jnp.sin(v), jnp.sum(v)], [x], [x], true);
 * aux; // DeviceArray(1., dtype=float32)
 * ```
 */
export function jvp(
  f: AnyFn,
  primals: readonly unknown[],
  tangents: readonly unknown[],
  hasAux?: boolean | { hasAux?: boolean },
): [unknown, unknown] | [unknown, unknown, unknown] {
  if (arguments.length > 4) throw tooManyArguments("jvp", 3, 4, arguments.length);
  if (isOptionsObject(hasAux)) {
    checkOptions("jvp", hasAux, ["hasAux"]);
    hasAux = hasAux.hasAux;
  }
  if (hasAux !== undefined && typeof hasAux !== "boolean") {
    throw new TypeError(`jvp: hasAux must be a boolean, got ${describeValue(hasAux)}`);
  }
  checkCallable(f);
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new TypeError("primal and tangent arguments to jax.jvp must be tuples or lists");
  }
  const [pl, ptree] = flatten(primals);
  const [tl, ttree] = flatten(tangents);
  if (!ptree.equals(ttree)) {
    throw new TypeError(
      `primal and tangent arguments to jax.jvp must have the same tree structure; primals have ` +
        `tree structure ${ptree} whereas tangents have tree structure ${ttree}.`,
    );
  }
  const ps = toArrays(pl), ts = toArrays(tl);
  ps.forEach((p, i) => {
    const t = ts[i];
    if (p.shape.join() !== t.shape.join()) {
      throw new ValueError(
        `jvp called with different primal and tangent shapes;Got primal shape ` +
          `${pyShape(p.shape)} and tangent shape as ${pyShape(t.shape)}`,
      );
    }
    if (isFloat(p.dtype) && t.dtype !== p.dtype) {
      throw new TypeError(
        `primal and tangent arguments to jax.jvp do not match; dtypes must be equal, or in ` +
          `case of int/bool primal dtype the tangent dtype must be float0.Got primal dtype ` +
          `${p.dtype} and so expected tangent dtype ${p.dtype}, but got tangent dtype ${t.dtype} ` +
          `instead.`,
      );
    }
  });
  let outTree: TreeDef | null = null;
  let auxTree: TreeDef | null = null;
  let nOut = 0;
  const [po, to] = jvpFlat(
    (...xs) => {
      let out = f(...(unflatten(ptree, xs) as unknown[]));
      let auxLeaves: unknown[] = [];
      if (hasAux) {
        if (!Array.isArray(out) || out.length !== 2) {
          throw new TypeError("hasAux=true requires the function to return a pair [output, aux]");
        }
        [auxLeaves, auxTree] = flatten(out[1]);
        out = out[0];
      }
      const [ol, t] = flatten(out);
      outTree = t;
      nOut = ol.length;
      // The aux leaves ride along as outputs; only their primal values are returned.
      return toArrays([...ol, ...auxLeaves]);
    },
    ps,
    ts.map((t, i) => (isFloat(ps[i].dtype) ? t : new Zero(ps[i].aval))),
  );
  const primalOut = unflatten(outTree!, po.slice(0, nOut));
  const tangentOut = unflatten(outTree!, to.slice(0, nOut).map(instantiateZeros));
  if (!hasAux) return [primalOut, tangentOut];
  return [primalOut, tangentOut, unflatten(auxTree!, po.slice(nOut))];
}

/**
 * Reverse-mode: returns `[f(...primals), vjpFn]` where `vjpFn(cotangent)` gives one cotangent
 * per primal (JAX's `jax.vjp`).
 *
 * @example
 * ```ts
 * import { type DeviceArray, jnp, vjp } from "@jaxscript/jaxscript";
 * const x = jnp.array([0, 1], { dtype: "float32" });
 * const [y, pullback] = vjp(jnp.sin, x);
 * const [dx] = pullback(jnp.onesLike(y as DeviceArray)); // cos x · 1
 * dx; // DeviceArray([1.       , 0.5403023], dtype=float32)
 * ```
 */
export function vjp(f: AnyFn, ...primals: unknown[]): [unknown, (ct: unknown) => unknown[]] {
  checkCallable(f);
  const [pl, ptree] = flatten(primals);
  const ps = toArrays(pl);
  let outTree: TreeDef | null = null;
  const [outs, backward] = vjpFlat((...xs) => {
    const out = f(...(unflatten(ptree, xs) as unknown[]));
    const [ol, t] = flatten(out);
    outTree = t;
    return toArrays(ol);
  }, ps);
  const pullback = (ct: unknown) => {
    const [cl, ctree] = flatten(ct);
    if (!ctree.equals(outTree!)) {
      throw new TypeError(
        `Tree structure of cotangent input ${ctree}, does not match structure of primal output ` +
          `${outTree}.`,
      );
    }
    const cts = toArrays(cl);
    cts.forEach((c, i) => {
      const want = outs[i].aval;
      if (c.shape.join() !== want.shape.join() || c.dtype !== want.dtype) {
        throw new ValueError(
          `unexpected JAX type (e.g. shape/dtype) for argument to VJP function: got ` +
            `${c.aval.strShort()}, but expected ${want.strShort()} because the corresponding ` +
            `output of the differentiated function had JAX type ${want.strShort()}`,
        );
      }
    });
    const gs = backward(cts).map((g, i) => castGrad(g, ps[i]));
    return unflatten(ptree, gs) as unknown[];
  };
  return [unflatten(outTree!, outs), pullback];
}

/**
 * Linearizes `f` at `primals`: returns `[f(...primals), fJvp]` with `fJvp(...tangents)` the
 * linear map (evaluated without re-running `f`), JAX's `jax.linearize`.
 *
 * @example
 * ```ts
 * import { jnp, linearize } from "@jaxscript/jaxscript";
 * const [y, fJvp] = linearize(jnp.exp, jnp.array([0, 1], { dtype: "float32" }));
 * fJvp(jnp.array([1, 2], { dtype: "float32" }));
 * // DeviceArray([1.       , 5.4365635], dtype=float32)
 * ```
 */
export function linearize(
  f: AnyFn,
  ...primals: unknown[]
): [unknown, (...tangents: unknown[]) => unknown] {
  const [pl, ptree] = flatten(primals);
  const ps = toArrays(pl);
  let outTree: TreeDef | null = null;
  const lin = linearizeFlat((...xs) => {
    const out = f(...(unflatten(ptree, xs) as unknown[]));
    const [ol, t] = flatten(out);
    outTree = t;
    return toArrays(ol);
  }, ps);
  const fJvp = (...tangents: unknown[]) => {
    const ts = toArrays(flatten(tangents)[0]);
    return unflatten(outTree!, applyLinear(lin, ts));
  };
  return [unflatten(outTree!, lin.primalsOut), fJvp];
}

/**
 * The one argument jacfwd/jacrev/hessian differentiate by: JAX's positional `argnums` or
 * `{ argnums }`. A list of argnums (JAX's tuple of Jacobians) is not supported: an error, not
 * the Jacobian of the first one.
 */
function jacArgnum(fn: string, argnums: unknown): number {
  if (isOptionsObject(argnums)) {
    checkOptions(fn, argnums, ["argnums"]);
    argnums = argnums.argnums;
  }
  if (argnums === undefined) return 0;
  if (Array.isArray(argnums)) {
    throw new NotImplementedError(
      `${fn} with a list of argnums (a tuple of Jacobians) is not supported; pass one argnum`,
    );
  }
  if (typeof argnums !== "number" || !Number.isInteger(argnums)) {
    throw new TypeError(
      `${fn}: argnums must be an integer (or { argnums }), got ${describeValue(argnums)}`,
    );
  }
  return argnums;
}

/** The standard basis of an array's space, stacked: shape [size, ...shape]. */
function basis(x: DeviceArray): DeviceArray {
  const n = x.size;
  const eye = lax.convertElementType(
    lax.eq(lax.broadcastedIota("int32", [n, n], 0), lax.broadcastedIota("int32", [n, n], 1)),
    x.dtype,
  );
  return lax.reshape(eye, [n, ...x.shape]);
}

/**
 * The Jacobian by forward mode (vmap of jvp over the input basis), JAX's `jax.jacfwd`.
 * The result has shape `[...out.shape, ...in.shape]`.
 *
 * @example
 * ```ts
 * import { type DeviceArray, jacfwd, jnp } from "@jaxscript/jaxscript";
 * const f = (x: DeviceArray) => jnp.multiply(x, jnp.array([1, 2, 3])); // diagonal Jacobian
 * jacfwd((a: DeviceArray, b: DeviceArray) => jnp.multiply(a, b), 1)(jnp.ones([2]), jnp.ones([2]))
 *   .shape; // by the second argument (JAX's positional argnums): [ 2, 2 ]
 * jacfwd(f)(jnp.ones([3]));
 * // DeviceArray([[1., 0., 0.],
 * //              [0., 2., 0.],
 * //              [0., 0., 3.]], dtype=float32)
 * ```
 */
export function jacfwd(f: AnyFn, argnums?: number | { argnums?: number }): AnyFn {
  if (arguments.length > 2) throw tooManyArguments("jacfwd", 1, 2, arguments.length);
  const argnum = jacArgnum("jacfwd", argnums);
  return (...args: unknown[]) => {
    const i = argnumsList(argnum, args.length)[0];
    const x = diffLeaf(args[i], false);
    const pushfwd = (t: DeviceArray) =>
      jvp((xi: unknown) => f(...args.map((a, j) => (j === i ? xi : a))), [x], [
        t,
      ])[1] as DeviceArray;
    const jacT = vmap(pushfwd)(basis(x)) as DeviceArray; // [in.size, ...out.shape]
    const outNd = jacT.ndim - 1;
    const moved = lax.transpose(jacT, [...Array.from({ length: outNd }, (_, k) => k + 1), 0]);
    return lax.reshape(moved, [...moved.shape.slice(0, outNd), ...x.shape]);
  };
}

/**
 * The Jacobian by reverse mode (vmap of vjp over the output basis), JAX's `jax.jacrev`.
 * The result has shape `[...out.shape, ...in.shape]`.
 *
 * @example
 * ```ts
 * import { type DeviceArray, jacrev, jnp } from "@jaxscript/jaxscript";
 * const f = (x: DeviceArray) => jnp.stack([jnp.sum(x), jnp.prod(x)]);
 * jacrev(f)(jnp.array([2, 3], { dtype: "float32" }));
 * // DeviceArray([[1., 1.],
 * //              [3., 2.]], dtype=float32)
 * ```
 */
export function jacrev(f: AnyFn, argnums?: number | { argnums?: number }): AnyFn {
  if (arguments.length > 2) throw tooManyArguments("jacrev", 1, 2, arguments.length);
  const argnum = jacArgnum("jacrev", argnums);
  return (...args: unknown[]) => {
    const i = argnumsList(argnum, args.length)[0];
    const x = diffLeaf(args[i], false);
    const [y, pullback] = vjp((xi: unknown) => f(...args.map((a, j) => (j === i ? xi : a))), x);
    const out = y as DeviceArray;
    const rows = vmap((ct: DeviceArray) => pullback(ct)[0] as DeviceArray)(
      basis(out),
    ) as DeviceArray;
    return lax.reshape(rows, [...out.shape, ...x.shape]);
  };
}

/**
 * The Hessian, `jacfwd(jacrev(f))`, JAX's `jax.hessian`.
 *
 * @example
 * ```ts
 * import { type DeviceArray, hessian, jnp } from "@jaxscript/jaxscript";
 * const f = (x: DeviceArray) => jnp.sum(jnp.power(x, 3)); // Hessian: diag(6x)
 * hessian(f)(jnp.array([1, 2], { dtype: "float32" }));
 * // DeviceArray([[ 6.,  0.],
 * //              [ 0., 12.]], dtype=float32)
 * ```
 */
export function hessian(f: AnyFn, argnums?: number | { argnums?: number }): AnyFn {
  if (arguments.length > 2) throw tooManyArguments("hessian", 1, 2, arguments.length);
  const argnum = jacArgnum("hessian", argnums);
  return jacfwd(jacrev(f, argnum), argnum);
}
