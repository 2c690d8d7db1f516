/**
 * `lax.whileLoop` and `lax.forILoop`: the `while` primitive, operands (cond_consts, body_consts,
 * init), params { cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts }. Forward-mode and
 * batching rules transform the loop; reverse mode is not defined for while loops (JAX's rule),
 * so `forILoop` with static bounds is a `scan` instead, which is reverse-differentiable.
 */

import { DeviceArray } from "../../core/array.ts";
import { isZero, type Tangent, Zero } from "../../core/ad_util.ts";
import { ClosedJaxpr } from "../../core/jaxpr.ts";
import { definePrimitive, type Params } from "../../core/primitive.ts";
import { ValueError } from "../../errors.ts";
import { bind } from "../../core/trace.ts";
import { instantiateZeros } from "../../interpreters/ad.ts";
import { moveaxis } from "../../interpreters/batching.ts";
import { tangentAval } from "../../interpreters/jvp.ts";
import { evalJaxpr, traceToJaxpr } from "../../interpreters/tracing.ts";
import { batchJaxpr, jvpJaxpr, partialEvalJaxpr } from "../../interpreters/jaxpr_transforms.ts";
import { partialEvalRules } from "../../interpreters/partial_eval.ts";
import { flatten, unflatten } from "../../tree.ts";
import { checkOptions, tooManyArguments } from "../../options.ts";
import * as lax from "../lax.ts";
import { avalsOf, describeAvals, implByCompile, leafArray, traceFn } from "./common.ts";
import { scan } from "./scan.ts";

export const while_p = definePrimitive("while", true);
while_p.abstractEval = (avals, params) => {
  const n = (params.cond_nconsts as number) + (params.body_nconsts as number);
  return avals.slice(n);
};
while_p.impl = implByCompile(while_p);

/**
 * Runs `bodyFun` while `condFun(carry)` is true, JAX's `lax.while_loop`. The carry keeps its
 * structure, shapes and dtypes across iterations.
 *
 * @example
 * ```ts
 * import { type DeviceArray, jnp, lax } from "@jaxscript/jaxscript";
 * lax.whileLoop((i) => jnp.less(i, 10), (i) => jnp.add(i, 1), 0);
 * // DeviceArray(10, dtype=int32, weak_type=True)
 *
 * // a pytree carry: [steps, x], doubling x until it reaches 100
 * const double = ([i, x]: DeviceArray[]) => [jnp.add(i, 1), jnp.multiply(x, 2)];
 * const [steps, x] = lax.whileLoop(([_, x]) => jnp.less(x, 100), double, [0, 1]) as DeviceArray[];
 * steps; // DeviceArray(7, dtype=int32, weak_type=True)
 * x; // DeviceArray(128, dtype=int32, weak_type=True)
 * ```
 */
export function whileLoop(
  // deno-lint-ignore no-explicit-any
  condFun: (carry: any) => unknown,
  // deno-lint-ignore no-explicit-any
  bodyFun: (carry: any) => unknown,
  initVal: unknown,
): unknown {
  if (arguments.length > 3) throw tooManyArguments("lax.whileLoop", 3, 3, arguments.length);
  const [leaves, tree] = flatten([initVal]);
  const init = leaves.map((l) => leafArray(l, "while_loop carry"));
  const avals = avalsOf(init);
  const c = traceFn(condFun, tree, avals, "cond_fun");
  const cOut = c.jaxpr.outAvals;
  if (cOut.length !== 1 || cOut[0].ndim !== 0 || cOut[0].dtype !== "bool") {
    throw new TypeError(
      `cond_fun must return a boolean scalar, but got output type(s) [${describeAvals(cOut)}].`,
    );
  }
  const b = traceFn(bodyFun, tree, avals, "body_fun");
  const bOut = b.jaxpr.outAvals;
  if (b.outTree.toString() !== flatten(initVal)[1].toString() || !sameTypes(bOut, avals)) {
    throw new TypeError(
      `body_fun output and input must have identical types, got\n(${describeAvals(bOut)})\n` +
        `and\n(${describeAvals(avals)}).`,
    );
  }
  const outs = bind(while_p, [...c.consts, ...b.consts, ...init], {
    cond_jaxpr: c.jaxpr,
    body_jaxpr: b.jaxpr,
    cond_nconsts: c.consts.length,
    body_nconsts: b.consts.length,
  });
  return (unflatten(tree, outs) as unknown[])[0];
}

function sameTypes(
  a: readonly { dtype: string; shape: readonly number[] }[],
  b: typeof a,
): boolean {
  return a.length === b.length &&
    a.every((x, i) => x.dtype === b[i].dtype && x.shape.join() === b[i].shape.join());
}

/**
 * `for i in range(lower, upper): val = bodyFun(i, val)`, JAX's `lax.fori_loop`. With JS-number
 * bounds it is a `scan` (reverse-differentiable); with traced bounds a `while` loop.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.forILoop(0, 10, (i, acc) => jnp.add(acc, i), 0); // DeviceArray(45, dtype=int32)
 * lax.forILoop(0, 10, (i, acc) => jnp.add(acc, i), 0, { unroll: 2 }); // JAX's unroll (no effect)
 * // DeviceArray(45, dtype=int32)
 * ```
 */
export function forILoop(
  lower: number | DeviceArray,
  upper: number | DeviceArray,
  // deno-lint-ignore no-explicit-any
  bodyFun: (i: DeviceArray, val: any) => unknown,
  initVal: unknown,
  opts?: { unroll?: number | boolean },
): unknown {
  if (arguments.length > 5) throw tooManyArguments("lax.forILoop", 4, 5, arguments.length);
  // `unroll` only changes how XLA lays the loop out; the values are the same.
  checkOptions("lax.forILoop", opts, ["unroll"]);
  if (typeof lower === "number" && typeof upper === "number") {
    const n = Math.max(0, upper - lower);
    const [carry] = scan(
      (c: unknown, i: DeviceArray) => [bodyFun(i, c), null],
      initVal,
      lax.add(lax.iota("int32", n), lax.scalar(lower, "int32")),
    ) as [unknown, unknown];
    return carry;
  }
  const lo = leafArray(lower, "fori_loop lower"), hi = leafArray(upper, "fori_loop upper");
  const [, out] = whileLoop(
    ([i]: [DeviceArray, unknown]) => lax.lt(i, hi),
    ([i, v]: [DeviceArray, unknown]) => [lax.add(i, lax.scalar(1, i.dtype)), bodyFun(i, v)],
    [lo, initVal],
  ) as [DeviceArray, unknown];
  return out;
}

// Rules ---------------------------------------------------------------------------------------

function split<T>(xs: T[], params: Params): [T[], T[], T[]] {
  const nc = params.cond_nconsts as number, nb = params.body_nconsts as number;
  return [xs.slice(0, nc), xs.slice(nc, nc + nb), xs.slice(nc + nb)];
}

while_p.jvp = (primals, tangents, params) => {
  const cj = params.cond_jaxpr as ClosedJaxpr, bj = params.body_jaxpr as ClosedJaxpr;
  const [cc, bc, init] = split(primals, params);
  const [, tbc, tinit] = split(tangents, params);
  const bcNz = tbc.map((t) => !isZero(t));
  // Fixpoint: a carry has a tangent if its init does or the body gives it one.
  let carryNz = tinit.map((t) => !isZero(t));
  for (;;) {
    const out = jvpJaxpr(bj, [...bcNz, ...carryNz]).nonzerosOut;
    const next = carryNz.map((v, i) => v || out[i]);
    if (next.every((v, i) => v === carryNz[i])) break;
    carryNz = next;
  }
  if (!carryNz.some((v) => v)) {
    const outs = bind(while_p, primals, params);
    return [outs, outs.map((o) => new Zero(tangentAval(o.aval)))];
  }
  const bodyJvp = jvpJaxpr(bj, [...bcNz, ...carryNz], carryNz).jaxpr;
  const nbc = bc.length, nCarry = init.length;
  const nTbc = bcNz.filter(Boolean).length, nTc = carryNz.filter(Boolean).length;
  // New body: operands (bc, tbc, carry, tcarry) → (carry, tcarry); the jvp jaxpr wants
  // (bc, carry, tbc, tcarry) → (carry, tcarry).
  const body = new ClosedJaxpr(
    traceToJaxpr((...xs) => {
      const b = xs.slice(0, nbc), tb = xs.slice(nbc, nbc + nTbc);
      const c = xs.slice(nbc + nTbc, nbc + nTbc + nCarry), tc = xs.slice(nbc + nTbc + nCarry);
      return evalJaxpr(bodyJvp.jaxpr, bodyJvp.consts, [...b, ...c, ...tb, ...tc]);
    }, [
      ...bj.inAvals.slice(0, nbc),
      ...bj.inAvals.slice(0, nbc).filter((_, i) => bcNz[i]).map(tangentAval),
      ...init.map((x) => x.aval),
      ...init.filter((_, i) => carryNz[i]).map((x) => tangentAval(x.aval)),
    ]).jaxpr,
    [],
  );
  const condAug = new ClosedJaxpr(
    traceToJaxpr(
      (...xs) => evalJaxpr(cj.jaxpr, cj.consts, xs.slice(0, cc.length + nCarry)),
      [...cj.inAvals, ...init.filter((_, i) => carryNz[i]).map((x) => tangentAval(x.aval))],
    ).jaxpr,
    [],
  );
  const tb = tbc.filter((t) => !isZero(t)) as DeviceArray[];
  const tc = tinit.map((t, i) => (carryNz[i] ? instantiateZeros(t) : null)).filter((t) =>
    t !== null
  ) as DeviceArray[];
  const outs = bind(while_p, [...cc, ...bc, ...tb, ...init, ...tc], {
    cond_jaxpr: condAug,
    body_jaxpr: body,
    cond_nconsts: cc.length,
    body_nconsts: nbc + nTbc,
  });
  let k = nCarry;
  const tout: Tangent[] = init.map((
    x,
    i,
  ) => (carryNz[i] ? outs[k++] : new Zero(tangentAval(x.aval))));
  void nTc;
  return [outs.slice(0, nCarry), tout];
};

while_p.batch = (args, dims, params, size) => {
  const cj = params.cond_jaxpr as ClosedJaxpr, bj = params.body_jaxpr as ClosedJaxpr;
  const [cc, bc, init] = split(args, params);
  const [dcc, dbc, dinit] = split(dims, params);
  let carryB = dinit.map((d) => d !== null);
  for (;;) {
    const out = batchJaxpr(bj, size, [...dbc, ...carryB.map((b) => (b ? 0 : null))]).outBatched;
    const next = carryB.map((v, i) => v || out[i]);
    if (next.every((v, i) => v === carryB[i])) break;
    carryB = next;
  }
  const predBatched =
    batchJaxpr(cj, size, [...dcc, ...carryB.map((b) => (b ? 0 : null))]).outBatched[0];
  if (predBatched) carryB = carryB.map(() => true);
  const carryDims = carryB.map((b) => (b ? 0 : null));
  const initB = init.map((x, i) => (carryB[i] ? moveaxis(x, dinit[i], 0, size) : x));
  const body = batchJaxpr(bj, size, [...dbc, ...carryDims], carryB).jaxpr;
  const condB = batchJaxpr(cj, size, [...dcc, ...carryDims]).jaxpr;
  if (!predBatched) {
    const outs = bind(while_p, [...cc, ...bc, ...initB], {
      ...params,
      cond_jaxpr: condB,
      body_jaxpr: body,
    });
    return [outs, carryDims];
  }
  // A batched predicate: loop while any element continues; finished elements keep their carry.
  const ncc = cc.length, nbc = bc.length;
  const condAny = new ClosedJaxpr(
    traceToJaxpr((...xs) => {
      const p = evalJaxpr(condB.jaxpr, condB.consts, xs)[0];
      return [lax.reduceOr(p, [0])];
    }, condB.inAvals).jaxpr,
    [],
  );
  const bodySel = new ClosedJaxpr(
    traceToJaxpr((...xs) => {
      const ccs = xs.slice(0, ncc), bcs = xs.slice(ncc, ncc + nbc), carry = xs.slice(ncc + nbc);
      const p = evalJaxpr(condB.jaxpr, condB.consts, [...ccs, ...carry])[0];
      const next = evalJaxpr(body.jaxpr, body.consts, [...bcs, ...carry]);
      return next.map((n, i) => lax.select(lax.broadcastInDim(p, n.shape, [0]), n, carry[i]));
    }, [...condB.inAvals.slice(0, ncc), ...body.inAvals]).jaxpr,
    [],
  );
  const outs = bind(while_p, [...cc, ...cc, ...bc, ...initB], {
    cond_jaxpr: condAny,
    body_jaxpr: bodySel,
    cond_nconsts: ncc,
    body_nconsts: ncc + nbc,
  });
  return [outs, carryDims];
};

// Partial evaluation: known carries are computed by a loop over their part of the body; the
// unknown outputs need the whole loop, staged (its transpose then reports JAX's error).
partialEvalRules.set(while_p, (trace, tracers, params) => {
  const cj = params.cond_jaxpr as ClosedJaxpr, bj = params.body_jaxpr as ClosedJaxpr;
  const [tcc, tbc, tinit] = split(tracers, params);
  let carryUk = tinit.map((t) => !t.pval.isKnown);
  const bcUk = tbc.map((t) => !t.pval.isKnown);
  for (;;) {
    const out = partialEvalJaxpr(bj, [...bcUk, ...carryUk]).unknownsOut;
    const next = carryUk.map((v, i) => v || out[i]);
    if (next.every((v, i) => v === carryUk[i])) break;
    carryUk = next;
  }
  const condUnknown = tcc.some((t) => !t.pval.isKnown) ||
    partialEvalJaxpr(cj, [...tcc.map(() => false), ...carryUk]).unknownsOut[0];
  const staged = trace.stage(while_p, tracers, params);
  if (condUnknown || carryUk.every((u) => u)) return staged;
  // The known part: a loop over the known carries only.
  const knownIdx = carryUk.map((u, i) => (u ? -1 : i)).filter((i) => i >= 0);
  const nbc = tbc.length;
  const bodyK = new ClosedJaxpr(
    traceToJaxpr((...xs) => {
      const bcs = xs.slice(0, nbc), ks = xs.slice(nbc);
      const full = tinit.map((
        t,
        i,
      ) => (carryUk[i] ? instantiateZeros(new Zero(t.aval)) : ks[knownIdx.indexOf(i)]));
      const out = evalJaxpr(bj.jaxpr, bj.consts, [...bcs, ...full]);
      return knownIdx.map((i) => out[i]);
    }, [...bj.inAvals.slice(0, nbc), ...knownIdx.map((i) => tinit[i].aval)]).jaxpr,
    [],
  );
  const ncc = tcc.length;
  const condK = new ClosedJaxpr(
    traceToJaxpr((...xs) => {
      const ccs = xs.slice(0, ncc), ks = xs.slice(ncc);
      const full = tinit.map((
        t,
        i,
      ) => (carryUk[i] ? instantiateZeros(new Zero(t.aval)) : ks[knownIdx.indexOf(i)]));
      return evalJaxpr(cj.jaxpr, cj.consts, [...ccs, ...full]);
    }, [...cj.inAvals.slice(0, ncc), ...knownIdx.map((i) => tinit[i].aval)]).jaxpr,
    [],
  );
  if (tbc.some((t) => !t.pval.isKnown && knownDependsOn(t))) return staged;
  const knownOuts = bind(while_p, [
    ...tcc.map((t) => t.pval.known!),
    ...tbc.map((t) => t.pval.known ?? instantiateZeros(new Zero(t.aval))),
    ...knownIdx.map((i) => tinit[i].pval.known!),
  ], { cond_jaxpr: condK, body_jaxpr: bodyK, cond_nconsts: ncc, body_nconsts: nbc });
  return tinit.map((_, i) => (carryUk[i] ? staged[i] : trace.pure(knownOuts[knownIdx.indexOf(i)])));
});

/** Unknown body consts never feed known carries (the fixpoint guarantees it). */
function knownDependsOn(_t: unknown): boolean {
  return false;
}

/** JAX's error (a ValueError, word for word): while loops have no transpose rule. */
while_p.transpose = () => {
  throw new ValueError(
    "Reverse-mode differentiation does not work for lax.while_loop or lax.fori_loop with " +
      "dynamic start/stop values. Try using lax.scan, or using fori_loop with static start/stop.",
  );
};

export { DeviceArray };
