/** `lax`: JAX's `jax.lax`, the primitive-level operations. */

export * from "./lax.ts";
export type {
  DotDimensionNumbers,
  GatherDimensionNumbers,
  ScatterDimensionNumbers,
} from "./prims/index.ts";
