/**
 * LU factorization with partial pivoting (LAPACK's getrf, unblocked) as a lax loop over the
 * columns, and the solve with its factors (getrs). Internal to jnp.linalg: `solve`, `inv`, `det`
 * and `slogdet` are built on it.
 */

import type { DeviceArray } from "../../core/array.ts";
import { forILoop } from "../../lax/control_flow/index.ts";
import * as lax from "../../lax/lax.ts";
import { takeAlongAxis } from "../index_update.ts";
import { triangularSolve } from "./triangular.ts";
import { compareIota, expandTo, filled, spread, takeAt } from "./util.ts";

/** The factors of `P A = L U` for square matrices A [..., n, n], as `jax.lax.linalg.lu` returns. */
export interface LuFactors {
  /** L below the diagonal (its unit diagonal implied) and U on and above it, [..., n, n]. */
  lu: DeviceArray;
  /** The row swaps, LAPACK's ipiv (0-based): step k swapped rows k and pivots[k]. [..., n] int32 */
  pivots: DeviceArray;
  /** The same swaps as a permutation: row i of `P A` is row permutation[i] of A. [..., n] int32 */
  permutation: DeviceArray;
}

/**
 * One elimination step k on the working matrix `m`: picks the row with the largest |m[i, k]| at
 * or below k (the first on ties, as LAPACK's idamax), swaps it into row k, stores the multipliers
 * below the diagonal and updates the trailing block. A zero pivot leaves its column unscaled (the
 * column is zero below it anyway), so a singular matrix gets finite factors with a zero on U's
 * diagonal, as LAPACK's.
 */
function eliminate(
  k: DeviceArray,
  [m, pivots, perm]: [DeviceArray, DeviceArray, DeviceArray],
): [DeviceArray, DeviceArray, DeviceArray] {
  const shape = m.shape, r = m.ndim, vec = shape.slice(0, -1), dt = m.dtype;
  const colK = takeAt(m, -1, k); // [..., n]
  const candidates = lax.select(
    compareIota(vec, -1, "ge", k),
    lax.abs(colK),
    filled(vec, -1, dt),
  );
  const p = lax.argmax(candidates, r - 2, "int32"); // [...]
  const rowK = takeAt(m, -2, k);
  // Row p read with a mask (p differs across the batch); the select keeps the sum exact.
  const isRowP = compareIota(shape, -2, "eq", p);
  const rowP = lax.reduceSum(lax.select(isRowP, m, filled(shape, 0, dt)), [r - 2]);
  const swapped = lax.select(
    compareIota(shape, -2, "eq", k),
    spread(rowP, shape, false),
    lax.select(isRowP, spread(rowK, shape, false), m),
  );
  // Column k after the swap: the pivot at k, the old diagonal entry at p.
  const pivot = takeAt(rowP, -1, k), old = takeAt(rowK, -1, k);
  const colAfter = lax.select(
    compareIota(vec, -1, "eq", k),
    expandTo(pivot, vec),
    lax.select(compareIota(vec, -1, "eq", p), expandTo(old, vec), colK),
  );
  // Divide by 1 where the pivot is 0: no inf/NaN, and no NaN in the derivative either.
  const safe = lax.select(
    lax.eq(pivot, filled(pivot.shape, 0, dt)),
    filled(pivot.shape, 1, dt),
    pivot,
  );
  const below = compareIota(vec, -1, "gt", k);
  const mult = lax.select(below, lax.div(colAfter, expandTo(safe, vec)), filled(vec, 0, dt));
  const rowsBelow = compareIota(shape, -2, "gt", k);
  const right = compareIota(shape, -1, "gt", k);
  const updated = lax.sub(swapped, lax.mul(spread(mult, shape, true), spread(rowP, shape, false)));
  const next = lax.select(
    lax.bitwiseAnd(rowsBelow, right),
    updated,
    lax.select(
      lax.bitwiseAnd(rowsBelow, compareIota(shape, -1, "eq", k)),
      spread(mult, shape, true),
      swapped,
    ),
  );
  const atK = compareIota(vec, -1, "eq", k);
  const atP = compareIota(vec, -1, "eq", p);
  const permK = takeAt(perm, -1, k);
  const permP = lax.reduceSum(lax.select(atP, perm, filled(vec, 0, "int32")), [r - 2]);
  const nextPerm = lax.select(
    atK,
    expandTo(permP, vec),
    lax.select(atP, expandTo(permK, vec), perm),
  );
  return [next, lax.select(atK, expandTo(p, vec), pivots), nextPerm];
}

/**
 * LU factorization with partial pivoting of float matrices [..., n, n], `jax.lax.linalg.lu`:
 * a `forILoop` over the n columns, each step O(n²) elementwise work on the whole batch.
 */
export function luFactor(a: DeviceArray): LuFactors {
  const n = a.shape[a.ndim - 1];
  const vec = a.shape.slice(0, -1);
  const identity = lax.broadcastedIota("int32", vec, vec.length - 1);
  if (n === 0) return { lu: a, pivots: identity, permutation: identity };
  const [lu, pivots, permutation] = forILoop(0, n, eliminate, [a, identity, identity]) as [
    DeviceArray,
    DeviceArray,
    DeviceArray,
  ];
  return { lu, pivots, permutation };
}

/**
 * Solves `A X = B` from A's factors: B [..., n, k] (A's batch shape) is permuted, then solved
 * with L (unit diagonal) and U, LAPACK's getrs.
 */
export function luSolve(f: LuFactors, b: DeviceArray): DeviceArray {
  const rows = lax.broadcastInDim(
    f.permutation,
    [...f.permutation.shape, 1],
    f.permutation.shape.map((_, i) => i),
  );
  const permuted = takeAlongAxis(b, rows, -2, { mode: "promise_in_bounds" });
  const y = triangularSolve(f.lu, permuted, { lower: true, unitDiagonal: true });
  return triangularSolve(f.lu, y, { lower: false, unitDiagonal: false });
}
