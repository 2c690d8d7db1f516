/**
 * `lax`: thin functions over the primitives, JAX's `jax.lax`. They do no implicit type promotion
 * (operands must share a dtype, as in JAX); JS numbers are accepted as weakly-typed scalars and
 * take the dtype of the array operand they meet.
 *
 * This module gathers them from one file per concept, so importers see a single `lax` namespace.
 */

export * from "./operand.ts";
export * from "./unary.ts";
export * from "./binary.ts";
export * from "./select.ts";
export * from "./convert.ts";
export * from "./shape_ops.ts";
export * from "./reductions.ts";
export * from "./dot.ts";
export * from "./indexing.ts";
export * from "./sort.ts";
export * from "./threefry.ts";
