/**
 * jaxscript: JAX for TypeScript. `jnp` (jax.numpy), `lax`, `random`, and the composable
 * transformations `jit`, `vmap`, `grad` over `DeviceArray`s, on WebGPU or the CPU.
 *
 * @example
 * ```ts
 * import { jit, jnp, vmap } from "./mod.ts";
 * const x = jnp.arange(150);
 * console.log(jnp.dot(x, jnp.arange(100, 250))); // DeviceArray(2231275, dtype=int32)
 * ```
 * @module
 */

import "./src/core/eval.ts";
import "./src/backend/cpu/cpu_backend.ts";
import "./src/backend/webgpu/register.ts";
import "./src/lax/rules/index.ts";

export * as jnp from "./src/numpy/index.ts";
export * as lax from "./src/lax/index.ts";
export * as random from "./src/random/index.ts";
export * as tree from "./src/tree.ts";
export { DeviceArray } from "./src/core/array.ts";
export type {
  ArrayLike,
  Index,
  IndexGetOptions,
  IndexUpdateOptions,
  IndexUpdateRef,
  NestedList,
  NestedNumbers,
  ReduceOptions,
} from "./src/core/array.ts";
export type { DType, TypedArray } from "./src/dtype.ts";
export { config } from "./src/config.ts";
export { jit, type JitOptions } from "./src/transforms/jit.ts";
export { type AxisSpec, vmap, type VmapOptions } from "./src/transforms/vmap.ts";
export {
  grad,
  type GradOptions,
  hessian,
  jacfwd,
  jacrev,
  jvp,
  linearize,
  valueAndGrad,
  vjp,
} from "./src/transforms/grad.ts";
export { makeJaxpr } from "./src/transforms/make_jaxpr.ts";
export {
  customJvp,
  type CustomJvpFunction,
  customVjp,
  type CustomVjpFunction,
} from "./src/lax/control_flow/index.ts";
export { defaultDevice, devices, setDefaultDevice } from "./src/backend/devices.ts";
export { devicePut } from "./src/backend/device_put.ts";
export {
  time,
  timeit,
  timeitAsync,
  type TimeitOptions,
  TimeitResult,
  type TimeOptions,
} from "./src/timeit.ts";
export { Device } from "./src/backend/backend.ts";
export {
  ConcretizationTypeError,
  IndexError,
  NotImplementedError,
  OverflowError,
  TracerArrayConversionError,
  UnexpectedTracerError,
  ValueError,
} from "./src/errors.ts";
export { NonConcreteBooleanIndexError } from "./src/numpy/indexing_advanced.ts";
