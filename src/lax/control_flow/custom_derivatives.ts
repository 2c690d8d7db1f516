/**
 * Custom derivatives, JAX's `jax.custom_jvp` / `jax.custom_vjp`, and `lax.stopGradient`.
 *
 * `custom_jvp_call` evaluates its function normally and calls the user's JVP rule when
 * differentiated. `custom_vjp_call` runs the user's forward function under differentiation and
 * emits a `custom_lin` primitive whose transpose calls the user's backward function.
 */

import { DeviceArray } from "../../core/array.ts";
import { isZero, type Tangent, UndefPrimal, Zero } from "../../core/ad_util.ts";
import type { ClosedJaxpr } from "../../core/jaxpr.ts";
import { definePrimitive } from "../../core/primitive.ts";
import { bind, bind1 } from "../../core/trace.ts";
import { instantiateZeros } from "../../interpreters/ad.ts";
import { moveaxis, vmapFlat } from "../../interpreters/batching.ts";
import { tangentAval } from "../../interpreters/jvp.ts";
import { batchJaxpr } from "../../interpreters/jaxpr_transforms.ts";
import { flatten, type TreeDef, unflatten } from "../../tree.ts";
import { avalsOf, implByCompile, leafArray, traceFn } from "./common.ts";
import * as lax from "../lax.ts";
import { NotImplementedError } from "../../errors.ts";
import { describeValue } from "../../shape.ts";
import type { AnyFn } from "../../transforms/grad.ts";
import { checkExtraArguments, tooManyArguments } from "../../options.ts";

type FlatJvp = (primals: DeviceArray[], tangents: DeviceArray[]) => [DeviceArray[], DeviceArray[]];

// stop_gradient --------------------------------------------------------------------------------

export const stop_gradient_p = definePrimitive("stop_gradient");
stop_gradient_p.abstractEval = ([x]) => [x];
stop_gradient_p.impl = ([x]) => [x];
stop_gradient_p.jvp = ([x]) => {
  const y = bind1(stop_gradient_p, [x], {});
  return [[y], [new Zero(tangentAval(y.aval))]];
};
stop_gradient_p.batch = ([x], [d]) => [[bind1(stop_gradient_p, [x], {})], [d]];

/**
 * The identity whose derivative is zero, JAX's `lax.stop_gradient` (applied to every leaf of a
 * pytree).
 *
 * @example
 * ```ts
 * import { type DeviceArray, grad, jnp, lax } from "@jaxscript/jaxscript";
 * const f = (x: DeviceArray) => jnp.multiply(x, lax.stopGradient(x)); // the second x is constant
 * grad(f)(3); // DeviceArray(3., dtype=float32)
 * ```
 */
export function stopGradient<T>(x: T): T {
  if (arguments.length > 1) {
    checkExtraArguments("lax.stopGradient", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  const [leaves, tree] = flatten(x);
  return unflatten(
    tree,
    leaves.map((l) => bind1(stop_gradient_p, [leafArray(l, "stop_gradient")], {})),
  ) as T;
}

// custom_jvp -----------------------------------------------------------------------------------

export const custom_jvp_call_p = definePrimitive("custom_jvp_call", true);
custom_jvp_call_p.abstractEval = (_a, p) => (p.call_jaxpr as ClosedJaxpr).outAvals;
custom_jvp_call_p.impl = implByCompile(custom_jvp_call_p);
custom_jvp_call_p.ppParams = (
  p,
) => [["call_jaxpr", p.call_jaxpr], ["jvp_jaxpr_fun", "<function>"], ["num_consts", p.num_consts], [
  "symbolic_zeros",
  false,
]];

custom_jvp_call_p.jvp = (primals, tangents, params) => {
  const nc = params.num_consts as number;
  const jvp = params.jvp as FlatJvp;
  const [po, to] = jvp(primals.slice(nc), tangents.slice(nc).map(instantiateZeros));
  return [po, to];
};

custom_jvp_call_p.batch = (args, dims, params, size) => {
  const call = params.call_jaxpr as ClosedJaxpr;
  const { jaxpr } = batchJaxpr(call, size, dims, true);
  const nc = params.num_consts as number;
  const jvp = params.jvp as FlatJvp;
  const argDims = dims.slice(nc);
  const batchedJvp: FlatJvp = (ps, ts) => {
    const n = ps.length;
    const [outs, outDims] = vmapFlat(
      (...xs) => {
        const [po, to] = jvp(xs.slice(0, n), xs.slice(n));
        return [...po, ...to];
      },
      size,
      [...ps, ...ts],
      [
        ...argDims.map((d) => (d === null ? null : 0)),
        ...argDims.map((d) => (d === null ? null : 0)),
      ],
    );
    const moved = outs.map((o, i) => moveaxis(o, outDims[i], 0, size));
    return [moved.slice(0, moved.length / 2), moved.slice(moved.length / 2)];
  };
  const moved = args.map((a, i) => (dims[i] === null ? a : moveaxis(a, dims[i], 0, size)));
  const outs = bind(custom_jvp_call_p, moved, { ...params, call_jaxpr: jaxpr, jvp: batchedJvp });
  return [outs, outs.map(() => 0)];
};

/**
 * A function with a user-defined JVP rule (what `customJvp(fun)` returns): callable as `fun`.
 *
 * @example
 * ```ts
 * import { customJvp, type CustomJvpFunction, type DeviceArray, jnp } from "@jaxscript/jaxscript";
 * const f = (x: DeviceArray) => jnp.sin(x);
 * const g: CustomJvpFunction<typeof f> = customJvp(f);
 * g.defjvp(([x], [t]) => [g(x as DeviceArray), jnp.multiply(t as DeviceArray, 2)]);
 * ```
 */
export interface CustomJvpFunction<F extends AnyFn> {
  /** Calls the function (under differentiation, its JVP rule gives the tangents). */
  (...args: Parameters<F>): ReturnType<F>;
  /** Sets the JVP rule: `(primals, tangents) => [primalOut, tangentOut]`. Returns the rule. */
  defjvp(rule: (primals: unknown[], tangents: unknown[]) => [unknown, unknown]): typeof rule;
}

/**
 * Gives `fun` a custom JVP rule, JAX's `jax.custom_jvp`. Reverse mode derives from the JVP rule.
 *
 * @example
 * ```ts
 * import { customJvp, type DeviceArray, grad, jnp } from "@jaxscript/jaxscript";
 * // softplus(x) = log(1 + e^x), with its derivative sigmoid(x) = e^(x - softplus(x))
 * const softplus = customJvp((x: DeviceArray) => jnp.log1p(jnp.exp(x)));
 * softplus.defjvp(([x], [t]) => {
 *   const y = softplus(x as DeviceArray);
 *   return [y, jnp.multiply(t as DeviceArray, jnp.exp(jnp.subtract(x as DeviceArray, y)))];
 * });
 * grad(softplus)(0); // DeviceArray(0.5, dtype=float32)
 * ```
 */
export function customJvp<F extends AnyFn>(fun: F): CustomJvpFunction<F> {
  if (arguments.length > 1) rejectNondiffArgnums("customJvp", arguments.length, arguments[1]);
  let rule: ((primals: unknown[], tangents: unknown[]) => [unknown, unknown]) | null = null;
  const f = function (...args: unknown[]) {
    if (!rule) {
      throw new TypeError(
        `No JVP defined for custom_jvp function ${fun.name || "<anonymous>"} using defjvp.`,
      );
    }
    const [leaves, inTree] = flatten(args);
    const xs = leaves.map((l) => leafArray(l, "custom_jvp arguments"));
    const traced = traceFn(fun, inTree, avalsOf(xs), "custom_jvp function");
    const r = rule;
    const jvp: FlatJvp = (ps, ts) => {
      const [out, tout] = r(unflatten(inTree, ps) as unknown[], unflatten(inTree, ts) as unknown[]);
      const po = flatten(out)[0].map((l) => leafArray(l, "custom_jvp rule primal outputs"));
      const to = flatten(tout)[0].map((l) => leafArray(l, "custom_jvp rule tangent outputs"));
      return [po, to];
    };
    const outs = bind(custom_jvp_call_p, [...traced.consts, ...xs], {
      call_jaxpr: traced.jaxpr,
      jvp: (ps: DeviceArray[], ts: DeviceArray[]) => jvp(ps, ts),
      num_consts: traced.consts.length,
    });
    return unflatten(traced.outTree, outs);
  } as unknown as CustomJvpFunction<F>;
  f.defjvp = (r) => {
    rule = r;
    return r;
  };
  Object.defineProperty(f, "name", { value: fun.name });
  return f;
}

/**
 * JAX's `nondiff_argnums` (customJvp(f, [1]) or { nondiffArgnums }) changes the rules' signatures;
 * ignoring it would call the rules with the wrong arguments, so it is an error here.
 */
function rejectNondiffArgnums(fn: string, nargs: number, arg: unknown): void {
  if (nargs > 2) throw tooManyArguments(fn, 1, 2, nargs);
  if (arg === undefined || (Array.isArray(arg) && arg.length === 0)) return;
  throw new NotImplementedError(
    `${fn}: nondiff_argnums is not supported (got ${describeValue(arg)}); close over the ` +
      `non-differentiable values instead, or pass them as arguments and return zero tangents`,
  );
}

// custom_vjp -----------------------------------------------------------------------------------

interface VjpRules {
  fwd: (args: DeviceArray[]) => [DeviceArray[], DeviceArray[], TreeDef, unknown[]];
  bwd: (
    resArrays: DeviceArray[],
    resTree: TreeDef,
    resOther: unknown[],
    cts: DeviceArray[],
  ) => DeviceArray[];
}

export const custom_vjp_call_p = definePrimitive("custom_vjp_call", true);
custom_vjp_call_p.abstractEval = (_a, p) => (p.call_jaxpr as ClosedJaxpr).outAvals;
custom_vjp_call_p.impl = implByCompile(custom_vjp_call_p);
custom_vjp_call_p.ppParams = (
  p,
) => [["call_jaxpr", p.call_jaxpr], ["fwd_jaxpr_thunk", "<function>"], ["bwd", "<function>"], [
  "num_consts",
  p.num_consts,
]];

/** The linear part of a custom_vjp function: transposable only (calls the user's bwd). */
export const custom_lin_p = definePrimitive("custom_lin", true);
custom_lin_p.abstractEval = (_a, p) => p.out_avals as ReturnType<typeof custom_lin_p.abstractEval>;
custom_lin_p.impl = () => {
  throw new TypeError("can't apply forward-mode autodiff (jvp) to a custom_vjp function.");
};
custom_lin_p.transpose = (cts, args, params) => {
  const nres = params.num_res as number;
  const rules = params.rules as VjpRules;
  const res = args.slice(0, nres) as DeviceArray[];
  const outAvals = params.out_avals as { withWeak(w: boolean): unknown }[];
  const ctArrays = cts.map((c, i) =>
    instantiateZeros(
      isZero(c) ? new Zero((outAvals[i] as unknown as Zero["aval"]).withWeak(false)) : c,
    )
  );
  const gs = rules.bwd(res, params.res_tree as TreeDef, params.res_other as unknown[], ctArrays);
  return [
    ...res.map(() => null),
    ...args.slice(nres).map((a, i) => (a instanceof UndefPrimal ? gs[i] : null)),
  ];
};

custom_vjp_call_p.jvp = (primals, tangents, params) => {
  const nc = params.num_consts as number;
  const rules = params.rules as VjpRules;
  const [outs, res, resTree, resOther] = rules.fwd(primals.slice(nc));
  const ts = tangents.slice(nc);
  if (ts.every(isZero)) return [outs, outs.map((o) => new Zero(tangentAval(o.aval)))];
  const touts = bind(custom_lin_p, [...res, ...ts.map(instantiateZeros)], {
    num_res: res.length,
    rules,
    res_tree: resTree,
    res_other: resOther,
    out_avals: outs.map((o) => tangentAval(o.aval)),
  });
  return [outs, touts as Tangent[]];
};

custom_vjp_call_p.batch = (args, dims, params, size) => {
  const { jaxpr } = batchJaxpr(params.call_jaxpr as ClosedJaxpr, size, dims, true);
  const moved = args.map((a, i) => (dims[i] === null ? a : moveaxis(a, dims[i], 0, size)));
  const outs = bind(custom_vjp_call_p, moved, {
    ...params,
    call_jaxpr: jaxpr,
    rules: batchRules(params.rules as VjpRules, size, dims.slice(params.num_consts as number)),
  });
  return [outs, outs.map(() => 0)];
};

/** The custom rules applied per batch element (vmapped fwd and bwd). */
function batchRules(rules: VjpRules, size: number, dims: (number | null)[]): VjpRules {
  const inDims = dims.map((d) => (d === null ? null : 0));
  let resInfo: [TreeDef, unknown[]] | null = null;
  return {
    fwd: (args) => {
      let nOut = 0;
      const [outs, outDims] = vmapFlat(
        (...xs) => {
          const [o, r, tree, other] = rules.fwd(xs);
          nOut = o.length;
          resInfo = [tree, other];
          return [...o, ...r];
        },
        size,
        args,
        inDims,
      );
      const moved = outs.map((o, i) => moveaxis(o, outDims[i], 0, size));
      return [moved.slice(0, nOut), moved.slice(nOut), resInfo![0], resInfo![1]];
    },
    bwd: (res, tree, other, cts) => {
      const [gs, gDims] = vmapFlat(
        (...xs) => rules.bwd(xs.slice(0, res.length), tree, other, xs.slice(res.length)),
        size,
        [...res, ...cts],
        [...res.map(() => 0), ...cts.map(() => 0)],
      );
      return gs.map((
        g,
        i,
      ) => (inDims[i] === null ? sumBatch(g, gDims[i]) : moveaxis(g, gDims[i], 0, size)));
    },
  };
}

function sumBatch(g: DeviceArray, d: number | null): DeviceArray {
  return d === null ? g : lax.reduceSum(g, [d]);
}

/**
 * A function with user-defined forward and backward passes (what `customVjp(fun)` returns):
 * callable as `fun`.
 *
 * @example
 * ```ts
 * import { customVjp, type CustomVjpFunction, type DeviceArray, jnp } from "@jaxscript/jaxscript";
 * const f = (x: DeviceArray) => jnp.sin(x);
 * const g: CustomVjpFunction<typeof f> = customVjp(f);
 * g.defvjp((x) => [f(x), jnp.cos(x)], (cosx, ct) => [jnp.multiply(cosx, ct)]);
 * ```
 */
export interface CustomVjpFunction<F extends AnyFn> {
  /** Calls the function (under reverse-mode differentiation, its rules give the cotangents). */
  (...args: Parameters<F>): ReturnType<F>;
  /**
   * Sets the rules: `fwd(...args) => [output, residuals]` and
   * `bwd(residuals, outputCotangent) => [cotangent per argument]`.
   */
  defvjp(
    fwd: (...args: Parameters<F>) => [unknown, unknown],
    // deno-lint-ignore no-explicit-any
    bwd: (res: any, g: any) => unknown[],
  ): void;
}

/**
 * Gives `fun` custom reverse-mode rules, JAX's `jax.custom_vjp`.
 *
 * @example
 * ```ts
 * import { customVjp, type DeviceArray, grad, jnp } from "@jaxscript/jaxscript";
 * // the identity, with its cotangent clipped to [-1, 1] on the way back
 * const clipGrad = customVjp((x: DeviceArray) => x);
 * clipGrad.defvjp((x) => [x, null], (_res, g) => [jnp.clip(g, -1, 1)]);
 * grad((x: DeviceArray) => jnp.sum(jnp.multiply(clipGrad(x), 5)))(jnp.ones([2]));
 * // DeviceArray([1., 1.], dtype=float32)
 * ```
 */
export function customVjp<F extends AnyFn>(fun: F): CustomVjpFunction<F> {
  if (arguments.length > 1) rejectNondiffArgnums("customVjp", arguments.length, arguments[1]);
  let fwdFn: AnyFn | null = null, bwdFn: AnyFn | null = null;
  const f = function (...args: unknown[]) {
    if (!fwdFn || !bwdFn) {
      throw new TypeError(
        `No VJP defined for custom_vjp function ${fun.name || "<anonymous>"} using defvjp.`,
      );
    }
    const [leaves, inTree] = flatten(args);
    const xs = leaves.map((l) => leafArray(l, "custom_vjp arguments"));
    const traced = traceFn(fun, inTree, avalsOf(xs), "custom_vjp function");
    const fwd = fwdFn, bwd = bwdFn;
    const rules: VjpRules = {
      fwd: (ps) => {
        const [out, res] = fwd(...(unflatten(inTree, ps) as unknown[]));
        const outs = flatten(out)[0].map((l) => leafArray(l, "custom_vjp fwd outputs"));
        const [rl, rt] = flatten(res);
        const arrays = rl.filter((l) => l instanceof DeviceArray) as DeviceArray[];
        const other = rl.map((l) => (l instanceof DeviceArray ? null : l));
        return [outs, arrays, rt, other];
      },
      bwd: (resArrays, resTree, other, cts) => {
        let k = 0;
        const resLeaves = other.map((o) => (o === null ? resArrays[k++] : o));
        const res = unflatten(resTree, resLeaves);
        const g = unflatten(traced.outTree, cts);
        const out = bwd(res, g);
        if (!Array.isArray(out) || out.length !== args.length) {
          throw new TypeError(
            `Custom VJP bwd rule must produce an output with the same container (tuple) structure ` +
              `as the args tuple of the primal function, and in particular must produce a tuple of ` +
              `length equal to the number of arguments to the primal function, but got bwd output ` +
              `of length ${Array.isArray(out) ? out.length : 1} for ${args.length} arguments.`,
          );
        }
        return flatten(out)[0].map((
          l,
          i,
        ) => (l === null
          ? instantiateZeros(new Zero(xs[i].aval))
          : leafArray(l, "custom_vjp bwd outputs"))
        );
      },
    };
    const outs = bind(custom_vjp_call_p, [...traced.consts, ...xs], {
      call_jaxpr: traced.jaxpr,
      rules,
      num_consts: traced.consts.length,
    });
    return unflatten(traced.outTree, outs);
  } as unknown as CustomVjpFunction<F>;
  f.defvjp = (fwd, bwd) => {
    fwdFn = fwd;
    bwdFn = bwd;
  };
  Object.defineProperty(f, "name", { value: fun.name });
  return f;
}
