/**
 * jaxscript: JAX for TypeScript. `jnp` (jax.numpy), `lax`, `random`, and the composable
 * transformations `jit`, `vmap`, `grad` over `DeviceArray`s, on WebGPU or the CPU.
 *
 * @example
 * ```ts
 * import { type DeviceArray, grad, jit, jnp, vmap } from "@jaxscript/jaxscript";
 * const x = jnp.arange(150);
 * console.log(jnp.dot(x, jnp.arange(100, 250))); // DeviceArray(2231275, dtype=int32)
 * const f = jit(vmap(grad((w: DeviceArray) => jnp.sum(jnp.tanh(w)))));
 * f(jnp.zeros([2, 3]));
 * // DeviceArray([[1., 1., 1.],
 * //              [1., 1., 1.]], dtype=float32)
 * ```
 * @module
 */

import "./src/core/eval.ts";
import "./src/backend/cpu/cpu_backend.ts";
import "./src/backend/webgpu/register.ts";
import "./src/lax/rules/index.ts";

/**
 * `jnp`: JAX's `jax.numpy` — numpy's functions, dtype promotion and broadcasting over
 * `DeviceArray`s (`jnp.sum`, `jnp.dot`, `jnp.where`, …), camelCased where numpy uses snake_case.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.linspace(0, 1, 5);
 * jnp.sum(jnp.square(x)); // DeviceArray(1.875, dtype=float32)
 * ```
 */
export * as jnp from "./src/numpy/index.ts";
/**
 * `lax`: JAX's `jax.lax` — the primitive operations with XLA's semantics (no implicit dtype
 * promotion) and structured control flow (`cond`, `whileLoop`, `forILoop`, `scan`, `switch`).
 *
 * @example
 * ```ts
 * import { jnp, lax } from "@jaxscript/jaxscript";
 * lax.forILoop(0, 5, (i, acc) => lax.add(acc, i), jnp.array(0)); // DeviceArray(10, dtype=int32)
 * ```
 */
export * as lax from "./src/lax/index.ts";
export * as random from "./src/random/index.ts";
/**
 * `tree`: JAX's `jax.tree_util` — flattening nested arrays, objects and arrays of arrays
 * (pytrees) into leaves and back, and mapping over leaves.
 *
 * @example
 * ```ts
 * import { tree } from "@jaxscript/jaxscript";
 * tree.map((x: number) => x * 2, { a: 1, b: [2, 3] }); // { a: 2, b: [ 4, 6 ] }
 * ```
 */
export * as tree from "./src/tree.ts";
export { DeviceArray } from "./src/core/array.ts";
export type { ShapedArray } from "./src/core/aval.ts";
export type { Atom, ClosedJaxpr, Jaxpr, JaxprEqn, Literal, Var } from "./src/core/jaxpr.ts";
export type { Params, Primitive } from "./src/core/primitive.ts";
export type { Shape } from "./src/shape.ts";
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
export { type Config, config, type ConfigValues } from "./src/config.ts";
export { jit, type JitOptions } from "./src/transforms/jit.ts";
export { type AxisSpec, vmap, type VmapOptions } from "./src/transforms/vmap.ts";
export {
  type AnyFn,
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
export {
  type Backend,
  Device,
  type Executable,
  type MemoryStats,
  type Platform,
} from "./src/backend/backend.ts";
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
