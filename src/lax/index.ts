/**
 * `lax`: JAX's `jax.lax`, the primitive-level operations (XLA's semantics, no implicit dtype
 * promotion) and structured control flow.
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.add(jnp.array([1, 2]), 1); // DeviceArray([2, 3], dtype=int32)
 * lax.cond(true, () => 1, () => 0); // DeviceArray(1, dtype=int32, weak_type=True)
 * ```
 * @module
 */

export * from "./lax.ts";
export {
  associativeScan,
  type AssociativeScanOptions,
  cond,
  forILoop,
  scan,
  type ScanOptions,
  stopGradient,
  switch_ as switch,
  whileLoop,
} from "./control_flow/index.ts";
export type {
  DotDimensionNumbers,
  GatherDimensionNumbers,
  GatherMode,
  ScatterDimensionNumbers,
} from "./prims/index.ts";
