/**
 * Triangular solves `A X = B` (LAPACK's trsm, left side) as a lax loop over A's columns: each step
 * finishes one row of X and subtracts its contribution from the rows still to come. Internal to
 * jnp.linalg (the LU and Cholesky solves).
 */

import type { DeviceArray } from "../../core/array.ts";
import { forILoop } from "../../lax/control_flow/index.ts";
import * as lax from "../../lax/lax.ts";
import { compareIota, putAt, spread, takeAt } from "./util.ts";

/** Which triangle of A the solve reads, and whether its diagonal is taken as ones. */
export interface TriangularOptions {
  /** Lower triangle (forward substitution) or upper (back substitution). */
  lower: boolean;
  /** Treat A's diagonal as ones without reading it (the L of an LU factorization). */
  unitDiagonal: boolean;
}

/**
 * X with `A X = B` for triangular A [..., n, n] and B [..., n, k] of the same batch shape. Only
 * the chosen triangle of A is read, so packed LU factors can be passed as they are. A zero on the
 * diagonal gives inf/NaN, as LAPACK's trsm.
 */
export function triangularSolve(
  a: DeviceArray,
  b: DeviceArray,
  { lower, unitDiagonal }: TriangularOptions,
): DeviceArray {
  const n = a.shape[a.ndim - 1];
  if (n === 0) return b;
  const shape = b.shape;
  const step = (i: DeviceArray, x: DeviceArray): DeviceArray => {
    const j = lower ? i : lax.sub(lax.scalar(n - 1, "int32"), i);
    const column = takeAt(a, -1, j); // [..., n]
    let xj = takeAt(x, -2, j); // [..., k]
    if (!unitDiagonal) {
      const ajj = takeAt(column, -1, j); // [...]
      xj = lax.div(xj, lax.broadcastInDim(ajj, xj.shape, ajj.shape.map((_, d) => d)));
      x = putAt(x, -2, j, xj);
    }
    const pending = compareIota(shape, -2, lower ? "gt" : "lt", j);
    const update = lax.mul(spread(column, shape, true), spread(xj, shape, false));
    return lax.select(pending, lax.sub(x, update), x);
  };
  return forILoop(0, n, step, b) as DeviceArray;
}
