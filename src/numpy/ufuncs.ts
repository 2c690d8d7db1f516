/**
 * Elementwise functions of jax.numpy: numpy's dtype and broadcasting rules on top of lax
 * (which requires equal dtypes and does no rank promotion). This module gathers them from the
 * files that hold each kind: float math, arithmetic, rounding, bool-valued tests and logic, and
 * bitwise operations.
 */

export * from "./ufunc_types.ts";
export * from "./transcendental.ts";
export * from "./arithmetic.ts";
export * from "./rounding.ts";
export * from "./logic.ts";
export * from "./bitwise.ts";
