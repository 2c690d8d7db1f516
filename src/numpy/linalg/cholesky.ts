/** `jnp.linalg.cholesky`: the Cholesky factor as a lax loop over the columns (LAPACK's potrf). */

import type { ArrayLike, DeviceArray } from "../../core/array.ts";
import { ValueError } from "../../errors.ts";
import { forILoop } from "../../lax/control_flow/index.ts";
import * as lax from "../../lax/lax.ts";
import { checkOptions, tooManyArguments } from "../../options.ts";
import { pyShape } from "../../shape.ts";
import {
  compareIota,
  diagonalOf,
  expandTo,
  filled,
  inexact,
  putAt,
  spread,
  takeAt,
  transposeLast,
} from "./util.ts";

/**
 * Step j of the right-looking factorization on the working matrix `w`: column j of L is column j
 * of w (from the diagonal down) over the square root of its diagonal entry, and the trailing block
 * loses that column's outer product. Only the lower triangle is read. Column j is written with
 * zeros above the diagonal, so after n steps `w` is L.
 */
function factorColumn(j: DeviceArray, w: DeviceArray): DeviceArray {
  const shape = w.shape, vec = shape.slice(0, -1);
  const col = takeAt(w, -1, j);
  const d = expandTo(lax.sqrt(takeAt(col, -1, j)), vec);
  const l = lax.select(
    compareIota(vec, -1, "gt", j),
    lax.div(col, d),
    lax.select(compareIota(vec, -1, "eq", j), d, filled(vec, 0, w.dtype)),
  );
  const trailing = lax.bitwiseAnd(
    compareIota(shape, -2, "gt", j),
    compareIota(shape, -1, "gt", j),
  );
  const outer = lax.mul(spread(l, shape, true), spread(l, shape, false));
  return putAt(lax.select(trailing, lax.sub(w, outer), w), -1, j, l);
}

/**
 * The lower Cholesky factor of float matrices [..., n, n]. As JAX's `lax.linalg.cholesky`, the
 * input is first symmetrized, (a + aᵀ)/2, unless told
 * otherwise, and a matrix that is not positive definite (a diagonal entry ≤ 0 or NaN on the way,
 * where LAPACK's potrf stops) gives a matrix of NaNs.
 */
function choleskyOf(a: DeviceArray, symmetrize: boolean): DeviceArray {
  const n = a.shape[a.ndim - 1];
  if (n === 0) return a;
  const half = filled(a.shape, 0.5, a.dtype);
  const x = symmetrize ? lax.mul(lax.add(a, transposeLast(a)), half) : a;
  const l = forILoop(0, n, factorColumn, x) as DeviceArray;
  const diag = diagonalOf(l);
  const positive = lax.reduceAnd(lax.gt(diag, filled(diag.shape, 0, a.dtype)), [diag.ndim - 1]);
  return lax.select(expandTo(positive, a.shape), l, filled(a.shape, NaN, a.dtype));
}

/**
 * Options of {@link cholesky}.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const opts: jnp.linalg.CholeskyOptions = { upper: true };
 * jnp.linalg.cholesky(jnp.array([[4, 2], [2, 5]]), opts);
 * // DeviceArray([[2., 1.],
 * //              [0., 2.]], dtype=float32)
 * ```
 */
export interface CholeskyOptions {
  /** Return the upper factor U = Lᵀ (a = Uᵀ U) instead of L (default false). */
  upper?: boolean;
  /** Symmetrize the input as (a + aᵀ)/2 first (default true, as JAX); false reads the lower
   * triangle only. */
  symmetrizeInput?: boolean;
}

/**
 * The Cholesky factor of a symmetric positive-definite matrix (or of each matrix of a batch
 * [..., n, n]), JAX's `jnp.linalg.cholesky`: the lower-triangular L with `a = L Lᵀ`. Ints and
 * bools are promoted to float32. As in JAX, `a` is symmetrized first and a matrix that is not
 * positive definite gives NaNs (no error). Works under `jit`, `vmap` and `grad`.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * jnp.linalg.cholesky(jnp.array([[4, 2], [2, 5]]));
 * // DeviceArray([[2., 0.],
 * //              [1., 2.]], dtype=float32)
 * jnp.linalg.cholesky(jnp.array([[1, 2], [2, 1]])); // not positive definite: all NaN
 * ```
 */
export function cholesky(a: ArrayLike, opts: CholeskyOptions = {}): DeviceArray {
  if (arguments.length > 2) throw tooManyArguments("jnp.linalg.cholesky", 1, 2, arguments.length);
  checkOptions("jnp.linalg.cholesky", opts, ["upper", "symmetrizeInput"], "a");
  const x = inexact(a);
  if (x.ndim < 2) {
    throw new TypeError(
      `Input 0 to cholesky must have rank at least 2, but got shape=${pyShape(x.shape)}`,
    );
  }
  const core = x.shape.slice(-2);
  if (core[0] !== core[1]) {
    throw new ValueError(
      `The input to cholesky must be a square matrix. Got shape ${pyShape(core)}.`,
    );
  }
  const l = choleskyOf(x, opts.symmetrizeInput ?? true);
  return opts.upper ? transposeLast(l) : l;
}
