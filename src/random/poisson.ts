/**
 * `jax.random.poisson` with JAX's exact sampler (the same in jax-v0.3.25 and current JAX, as in
 * TensorFlow and NumPy): Knuth's multiplication method for λ < 10 and Hörmann's transformed
 * rejection ("The transformed rejection method for generating Poisson random variables", 1993)
 * for λ ≥ 10. Both run over the whole array as `while` loops with one subkey per iteration, and
 * both run for every element with the same key (each on its own λ, the other's elements given a
 * λ that ends at once or accepts quickly); a select keeps each element's own result.
 */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { canonicalizeDType, type DType } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import * as lax from "../lax/lax.ts";
import { whileLoop } from "../lax/control_flow/while_loop.ts";
import { asarray, broadcastTo } from "../numpy/convert.ts";
import { tooManyArguments } from "../options.ts";
import type { Shape } from "../shape.ts";
import { jit } from "../transforms/jit.ts";
import { type DTypeOptions, uniform } from "./distributions.ts";
import { dtypeArg } from "./uniform.ts";
import { checkKey, keyAt, type PRNGKeyArray, splitKey } from "./keys.ts";
import { checkShapeArg, constant, intRange } from "./util.ts";

const f32 = (v: number) => constant(v, "float32");
const full = (v: number, dtype: DType, shape: Shape) =>
  lax.broadcastInDim(constant(v, dtype), shape, []);
const anyTrue = (x: DeviceArray) => lax.reduceOr(x, x.shape.map((_, i) => i));

/**
 * Knuth: multiply uniforms until the product drops below e^-λ (sum their logs until below -λ);
 * the count of factors before that, minus one, is the sample. `maxIters` bounds the loop.
 */
function poissonKnuth(
  key: DeviceArray,
  lam: DeviceArray,
  dtype: DType,
  maxIters: number,
): DeviceArray {
  const shape = lam.shape;
  const negLam = lax.neg(lam);
  const [, k] = whileLoop(
    ([i, , , logProd]: DeviceArray[]) =>
      lax.bitwiseAnd(
        anyTrue(lax.gt(logProd, negLam)),
        lax.lt(i, constant(maxIters, dtype)),
      ),
    ([i, k, state, logProd]: DeviceArray[]) => {
      const keys = splitKey(state, [2]);
      // Count only while this element is still going (its product is above e^-λ).
      const next = lax.select(lax.gt(logProd, negLam), lax.add(k, constant(1, dtype)), k);
      const u = uniform(keyAt(keys, 1), shape, "float32");
      return [lax.add(i, constant(1, dtype)), next, keyAt(keys, 0), lax.add(logProd, lax.log(u))];
    },
    [constant(0, dtype), full(0, dtype, shape), key, full(0, "float32", shape)],
  ) as DeviceArray[];
  return lax.sub(k, constant(1, dtype));
}

/**
 * Hörmann's PTRS: a candidate k = ⌊(2a/u' + b) u + λ + 0.43⌋ from two uniforms, accepted at
 * once in the box where the hat is tight, else by comparing log densities. Each element keeps
 * its first accepted candidate; the loop ends when all have one.
 */
function poissonRejection(
  key: DeviceArray,
  lam: DeviceArray,
  dtype: DType,
  maxIters: number,
): DeviceArray {
  const shape = lam.shape;
  const logLam = lax.log(lam);
  // The hat's constants, each float32 operation as in JAX.
  const b = lax.add(f32(0.931), lax.mul(f32(2.53), lax.sqrt(lam)));
  const a = lax.add(f32(-0.059), lax.mul(f32(0.02483), b));
  const invAlpha = lax.add(f32(1.1239), lax.div(f32(1.1328), lax.sub(b, f32(3.4))));
  const vR = lax.sub(f32(0.9277), lax.div(f32(3.6224), lax.sub(b, f32(2))));

  const [, kOut] = whileLoop(
    ([i, , accepted]: DeviceArray[]) =>
      lax.bitwiseAnd(
        anyTrue(lax.bitwiseNot(accepted)),
        lax.lt(i, constant(maxIters, dtype)),
      ),
    ([i, kOut, accepted, state]: DeviceArray[]) => {
      const keys = splitKey(state, [3]);
      const u = lax.sub(uniform(keyAt(keys, 1), shape, "float32"), f32(0.5));
      const v = uniform(keyAt(keys, 2), shape, "float32");
      const us = lax.sub(f32(0.5), lax.abs(u));

      const k = lax.floor(
        lax.add(
          lax.add(lax.mul(lax.add(lax.div(lax.mul(f32(2), a), us), b), u), lam),
          f32(0.43),
        ),
      );
      const s = lax.log(lax.div(lax.mul(v, invAlpha), lax.add(lax.div(a, lax.mul(us, us)), b)));
      const t = lax.sub(
        lax.add(lax.neg(lam), lax.mul(k, logLam)),
        lax.lgamma(lax.add(k, f32(1))),
      );

      const inBox = lax.bitwiseAnd(lax.ge(us, f32(0.07)), lax.le(v, vR));
      const outside = lax.bitwiseOr(
        lax.lt(k, f32(0)),
        lax.bitwiseAnd(lax.lt(us, f32(0.013)), lax.gt(v, us)),
      );
      const accept = lax.bitwiseOr(inBox, lax.bitwiseAnd(lax.bitwiseNot(outside), lax.le(s, t)));
      return [
        lax.add(i, constant(1, dtype)),
        lax.select(accept, k, kOut),
        lax.bitwiseOr(accepted, accept),
        keyAt(keys, 0),
      ];
    },
    [constant(0, dtype), full(-1, "float32", shape), full(0, "bool", shape), key],
  ) as DeviceArray[];
  return lax.convertElementType(kOut, dtype);
}

/**
 * `_poisson`: both samplers with the same key, each element taking its own algorithm's. Compiled
 * once per shape and dtype, as JAX jits it: an eager call runs one program.
 */
const poissonImpl = jit((key: DeviceArray, lam: DeviceArray, dtype: DType): DeviceArray => {
  const shape = lam.shape;
  // NaN rates go to Knuth, which stops at once (NaN comparisons are false): the sample is -1.
  const useKnuth = lax.bitwiseOr(lax.ne(lam, lam), lax.lt(lam, f32(10)));
  const lamKnuth = lax.select(useKnuth, lam, full(0, "float32", shape));
  // Rejection's acceptance rate tends to ~89% as λ grows: a large λ ends its loop quickly.
  const lamRejection = lax.select(useKnuth, full(1e5, "float32", shape), lam);
  const maxIters = intRange(dtype)[1]; // JAX's "insanely conservative" bound
  const result = lax.select(
    useKnuth,
    poissonKnuth(key, lamKnuth, dtype, maxIters),
    poissonRejection(key, lamRejection, dtype, maxIters),
  );
  return lax.select(lax.eq(lam, f32(0)), full(0, dtype, shape), result);
}, { staticArgnums: 2 });

/** numpy's `iinfo` kind letter of a dtype, for its "Invalid integer data type" message. */
const KIND: Record<string, string> = { float32: "f", bool: "b" };

/**
 * Poisson(λ) integers (`jax.random.poisson`): P(k) = λ^k e^(-λ) / k!, `lam` ≥ 0 a number or an
 * array broadcastable to `shape` (default: `lam`'s shape). JAX's exact sampler — Knuth's method
 * below λ = 10, Hörmann's transformed rejection from 10 up — so a seed gives JAX's values.
 * λ = 0 gives 0 and a NaN λ gives -1, as in JAX. The dtype is int32 (default) or uint32.
 *
 * @example
 * ```ts
 * import { jnp, random } from "@jaxscript/jaxscript";
 * random.poisson(random.PRNGKey(1349191556), 5, [5]); // JAX 0.3.25's test vector
 * // DeviceArray([ 7,  3,  6, 11,  6], dtype=int32)
 * random.poisson(random.PRNGKey(0), jnp.array([0.5, 50, 1000])); // one rate per element
 * // DeviceArray([   1,   44, 1019], dtype=int32)
 * ```
 * @throws ValueError for a non-integer dtype (numpy's `iinfo` message, as JAX) or a `lam` that
 * does not broadcast to `shape`.
 */
export function poisson(
  key: PRNGKeyArray,
  lam: ArrayLike,
  shape?: readonly number[] | null,
  dtype?: DTypeOptions | string | null,
): DeviceArray {
  if (arguments.length > 4) throw tooManyArguments("random.poisson", 2, 4, arguments.length);
  const k = checkKey("poisson", key);
  const d = canonicalizeDType(dtypeArg("poisson", 3, [dtype], 2) ?? "int32");
  if (d !== "int32" && d !== "uint32") {
    throw new ValueError(`Invalid integer data type '${KIND[d] ?? d}'.`);
  }
  const l = asarray(lam);
  const s = shape == null ? l.shape : checkShapeArg("poisson", shape);
  const rate = lax.convertElementType(broadcastTo(l, s), "float32");
  return poissonImpl(k, rate, d);
}
