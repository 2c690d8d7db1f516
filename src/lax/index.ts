/** `lax`: JAX's `jax.lax`, the primitive-level operations and structured control flow. */

export * from "./lax.ts";
export {
  cond,
  forILoop,
  scan,
  stopGradient,
  switch_ as switch,
  whileLoop,
} from "./control_flow/index.ts";
export type {
  DotDimensionNumbers,
  GatherDimensionNumbers,
  ScatterDimensionNumbers,
} from "./prims/index.ts";
