/** `jnp.linalg.det` and `jnp.linalg.slogdet`, from the LU factorization (or closed forms). */

import type { ArrayLike, DeviceArray } from "../../core/array.ts";
import { NotImplementedError, ValueError } from "../../errors.ts";
import * as lax from "../../lax/lax.ts";
import { checkExtraArguments, checkOptions, tooManyArguments } from "../../options.ts";
import { luFactor } from "./lu.ts";
import { checkSquare, diagonalOf, filled, inexact } from "./util.ts";

/** `a[..., i, j]` for static i, j. */
function entry(a: DeviceArray, i: number, j: number): DeviceArray {
  const r = a.ndim;
  const s = lax.sliceInDim(lax.sliceInDim(a, i, i + 1, 1, r - 2), j, j + 1, 1, r - 1);
  return lax.reshape(s, a.shape.slice(0, -2));
}

/** The diagonal of U, and the number of row swaps, of `P A = L U`. */
function luDiagonal(a: DeviceArray): { diag: DeviceArray; swaps: DeviceArray } {
  const { lu, pivots } = luFactor(a);
  const iota = lax.broadcastedIota("int32", pivots.shape, pivots.ndim - 1);
  const moved = lax.convertElementType(lax.ne(pivots, iota), "int32");
  return { diag: diagonalOf(lu), swaps: lax.reduceSum(moved, [pivots.ndim - 1]) };
}

/** +1 or -1 (of `dtype`) as `count` is even or odd. */
function parity(count: DeviceArray, dtype: string): DeviceArray {
  const odd = lax.bitwiseAnd(count, filled(count.shape, 1, "int32"));
  return lax.convertElementType(lax.sub(filled(count.shape, 1, "int32"), lax.add(odd, odd)), dtype);
}

/**
 * det of float matrices [..., n, n]. 2×2 and 3×3 matrices use JAX's closed forms (the
 * same rounding as JAX); larger ones the product of U's diagonal with the sign of the row swaps.
 * JAX computes those as sign·exp(logabsdet); the product is the same value up to rounding, and
 * its derivative stays finite at singular matrices (the adjugate), as JAX's custom rule does.
 */
function detOf(a: DeviceArray): DeviceArray {
  const n = a.shape[a.ndim - 1];
  const e = (i: number, j: number) => entry(a, i, j);
  const { mul, sub, add } = lax;
  if (n === 2) return sub(mul(e(0, 0), e(1, 1)), mul(e(0, 1), e(1, 0)));
  if (n === 3) {
    const plus = add(
      add(mul(mul(e(0, 0), e(1, 1)), e(2, 2)), mul(mul(e(0, 1), e(1, 2)), e(2, 0))),
      mul(mul(e(0, 2), e(1, 0)), e(2, 1)),
    );
    return sub(
      sub(sub(plus, mul(mul(e(0, 2), e(1, 1)), e(2, 0))), mul(mul(e(0, 0), e(1, 2)), e(2, 1))),
      mul(mul(e(0, 1), e(1, 0)), e(2, 2)),
    );
  }
  const { diag, swaps } = luDiagonal(a);
  return mul(parity(swaps, a.dtype), lax.reduceProd(diag, [diag.ndim - 1]));
}

/**
 * The determinant of a square matrix, or of each matrix of a batch [..., n, n], JAX's
 * `jnp.linalg.det`. Ints and bools are promoted to float32. From the LU factorization with
 * partial pivoting (closed forms for 2×2 and 3×3, as JAX); singular matrices give 0, and the
 * gradient is JAX's (the transposed adjugate, finite at singular matrices).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.linalg.det(jnp.array([[1, 2], [3, 4]])); // DeviceArray(-2., dtype=float32)
 * jnp.linalg.det(jnp.eye(4).mul(2)); // DeviceArray(16., dtype=float32)
 * ```
 */
export function det(a: ArrayLike): DeviceArray {
  if (arguments.length > 1) {
    checkExtraArguments("jnp.linalg.det", 1, 1, arguments.length, arguments[1], arguments[2]);
  }
  const x = inexact(a);
  checkSquare(x, (s) => new ValueError(`Argument to _det() must have shape [..., n, n], got ${s}`));
  return detOf(x);
}

/**
 * What {@link slogdet} returns: JAX's `SlogdetResult(sign, logabsdet)` namedtuple as an object,
 * so `const { sign, logabsdet } = jnp.linalg.slogdet(a)` reads it (a plain object is a pytree:
 * it passes through `jit`, `vmap` and `grad`'s `hasAux` as JAX's namedtuple does).
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const r: jnp.linalg.SlogdetResult = jnp.linalg.slogdet(jnp.array([[2, 0], [0, -3]]));
 * r.sign; // DeviceArray(-1., dtype=float32)
 * r.logabsdet; // DeviceArray(1.7917595, dtype=float32)
 * ```
 */
export interface SlogdetResult {
  /** The determinant's sign: 1, -1, or 0 for a singular matrix. [...] */
  sign: DeviceArray;
  /** log |det|: -inf for a singular matrix. [...] */
  logabsdet: DeviceArray;
}

/**
 * Options of {@link slogdet}.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.linalg.SlogdetOptions = { method: "lu" };
 * jnp.linalg.slogdet(jnp.eye(3), opts).logabsdet; // DeviceArray(0., dtype=float32)
 * ```
 */
export interface SlogdetOptions {
  /** "lu" (the default, also `null`); JAX's "qr" needs a QR factorization, not available yet. */
  method?: "lu" | "qr" | null;
}

function slogdetOf(a: DeviceArray): SlogdetResult {
  const { diag, swaps } = luDiagonal(a);
  const last = diag.ndim - 1, dt = a.dtype;
  const zero = filled(diag.shape, 0, dt);
  const singular = lax.reduceOr(lax.eq(diag, zero), [last]);
  const negatives = lax.reduceSum(lax.convertElementType(lax.lt(diag, zero), "int32"), [last]);
  const shape = singular.shape;
  const sign = lax.select(singular, filled(shape, 0, dt), parity(lax.add(swaps, negatives), dt));
  const logabsdet = lax.select(
    singular,
    filled(shape, -Infinity, dt),
    lax.reduceSum(lax.log(lax.abs(diag)), [last]),
  );
  return { sign, logabsdet };
}

/**
 * The sign and the natural log of the absolute value of the determinant, JAX's
 * `jnp.linalg.slogdet`: `det = sign * exp(logabsdet)` without overflow or underflow for large
 * matrices. Batches over leading axes; a singular matrix gives sign 0 and logabsdet -inf. JAX's
 * namedtuple becomes an object: `const { sign, logabsdet } = jnp.linalg.slogdet(a)`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const { sign, logabsdet } = jnp.linalg.slogdet(jnp.eye(50).mul(10)); // det 1e50: no float32
 * sign; // DeviceArray(1., dtype=float32)
 * logabsdet; // DeviceArray(115.12925, dtype=float32)
 * ```
 */
export function slogdet(a: ArrayLike, opts: SlogdetOptions = {}): SlogdetResult {
  if (arguments.length > 2) throw tooManyArguments("jnp.linalg.slogdet", 1, 2, arguments.length);
  checkOptions("jnp.linalg.slogdet", opts, ["method"], "a");
  const x = inexact(a);
  checkSquare(
    x,
    (s) => new ValueError(`Argument to slogdet() must have shape [..., n, n], got ${s}`),
  );
  const method = opts.method ?? "lu";
  if (method === "qr") {
    throw new NotImplementedError("slogdet method 'qr' needs jnp.linalg.qr, not available yet");
  }
  if (method !== "lu") {
    throw new ValueError(
      `Unknown slogdet method '${method}'. Supported methods are 'lu' (\`None\`), and 'qr'.`,
    );
  }
  return slogdetOf(x);
}
