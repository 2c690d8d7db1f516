/**
 * `DeviceArray`: the array type users see. Concrete arrays (`ArrayImpl`, holding a device buffer)
 * and tracers (stand-ins while a transformation traces a function) both extend it, as
 * `isinstance(x, jax.Array)` holds for both in JAX. The methods delegate to jax.numpy, which
 * registers itself in `arrayMethods` when it loads (this module cannot import it: it would be a
 * cycle).
 */

import type { ShapedArray } from "./aval.ts";
import type { DType, TypedArray } from "../dtype.ts";
import { ValueError } from "../errors.ts";
import { arrayMethods, inspectSymbol } from "./array_methods.ts";
import type {
  ArrayLike,
  Index,
  IndexUpdateRef,
  NestedNumbers,
  ReduceOptions,
} from "./array_types.ts";
import { toNested } from "./nested.ts";
import { checkExtraArguments } from "../options.ts";

// Everything that was declared here before it was split keeps its import path.
export type {
  ArrayLike,
  Index,
  IndexGetOptions,
  IndexUpdateOptions,
  IndexUpdateRef,
  NestedList,
  NestedNumbers,
  ReduceOptions,
} from "./array_types.ts";
export { type ArrayMethods, arrayMethods, inspectSymbol } from "./array_methods.ts";
export { toNested } from "./nested.ts";

/**
 * An n-dimensional array on a device (or a tracer standing in for one under a transformation).
 * Operations never consume or modify their inputs.
 *
 * @example
 * ```ts
 * import { jnp } from "@jaxscript/jaxscript";
 * const x = jnp.arange(6).reshape([2, 3]);
 * console.log(x.shape, x.dtype); // [ 2, 3 ] int32
 * console.log(x.sum({ axis: 0 })); // DeviceArray([3, 5, 7], dtype=int32)
 * ```
 */
export abstract class DeviceArray {
  /**
   * The abstract value: shape, dtype and weak type (JAX's `x.aval`).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * String(jnp.arange(3).aval); // "ShapedArray(int32[3])"
   * ```
   */
  abstract get aval(): ShapedArray;

  /**
   * The array's shape, one entry per axis.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.zeros([2, 3]).shape; // [ 2, 3 ]
   * ```
   */
  get shape(): number[] {
    return this.aval.shape as number[];
  }
  /**
   * The element type: "float32", "int32", "uint32" or "bool".
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2]).dtype; // "int32"
   * ```
   */
  get dtype(): DType {
    return this.aval.dtype;
  }
  /**
   * Number of axes.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.zeros([2, 3]).ndim; // 2
   * ```
   */
  get ndim(): number {
    return this.aval.shape.length;
  }
  /**
   * Number of elements.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.zeros([2, 3]).size; // 6
   * ```
   */
  get size(): number {
    return this.aval.size;
  }
  /**
   * Whether the dtype is weak (the array came from a JS number), as JAX's `weak_type`: weak
   * arrays take the dtype of the strongly typed operands they meet.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.asarray(2).weakType; // true
   * jnp.array([2]).weakType; // false
   * ```
   */
  get weakType(): boolean {
    return this.aval.weakType;
  }
  /**
   * The transpose (axes reversed), numpy's `x.T`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.zeros([2, 3]).T.shape; // [ 3, 2 ]
   * ```
   */
  get T(): DeviceArray {
    return arrayMethods.transpose(this);
  }

  /**
   * Reads the values back to the host as a typed array (a copy, row-major): Float32Array,
   * Int32Array, Uint32Array, or Uint8Array for bool. Rejects for traced values that have no
   * concrete value (under `jit` or `vmap`).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * await jnp.arange(3).data(); // Int32Array(3) [ 0, 1, 2 ]
   * ```
   */
  abstract data(): Promise<TypedArray>;
  /**
   * Waits until the device has computed this array; resolves to the array itself (JAX's
   * `x.block_until_ready()`). Immediate on the CPU; on WebGPU it also brings the values to the
   * host so the array prints.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * const y = await jnp.sin(jnp.zeros([3])).blockUntilReady();
   * console.log(y); // DeviceArray([0., 0., 0.], dtype=float32)
   * ```
   */
  abstract blockUntilReady(): Promise<this>;

  /**
   * Frees the array's device buffer now (JAX's `x.delete()`); using the array afterwards is an
   * error. Tracers have no buffer: a no-op for them.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * const x = jnp.ones([1000]);
   * x.delete();
   * x.isDeleted(); // true
   * ```
   */
  delete(): void {}
  /**
   * Whether `delete()` was called (JAX's `x.is_deleted()`).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.ones([3]).isDeleted(); // false
   * ```
   */
  isDeleted(): boolean {
    return false;
  }
  /**
   * `using x = jnp.ones([3])` frees the buffer at the end of the scope (calls `delete()`).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * {
   *   using x = jnp.ones([1000]);
   *   jnp.sum(x); // DeviceArray(1000., dtype=float32)
   * } // x's buffer is freed here
   * ```
   */
  [Symbol.dispose](): void {
    this.delete();
  }

  /**
   * The values as nested JS arrays (numbers, or booleans for bool arrays), numpy's `tolist()`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * await jnp.arange(4).reshape([2, 2]).tolist(); // [ [ 0, 1 ], [ 2, 3 ] ]
   * await jnp.array(true).tolist(); // true
   * ```
   */
  async tolist(): Promise<NestedNumbers> {
    return toNested(await this.data(), this.shape, this.dtype);
  }
  /**
   * The single element of a size-1 array, as a JS number (or boolean), numpy's `item()`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * await jnp.sum(jnp.arange(4)).item(); // 6
   * ```
   */
  async item(): Promise<number | boolean> {
    if (this.size !== 1) {
      throw new ValueError("can only convert an array of size 1 to a Python scalar");
    }
    const d = await this.data();
    return this.dtype === "bool" ? d[0] !== 0 : d[0];
  }

  /**
   * x + y, as `jnp.add` (numpy promotion and broadcasting).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2]).add(1); // DeviceArray([2, 3], dtype=int32)
   * ```
   */
  add(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.add", 1, 1, arguments.length, null, null);
    return arrayMethods.add(this, y);
  }
  /**
   * x − y, as `jnp.subtract`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2]).sub(jnp.array([1, 1])); // DeviceArray([0, 1], dtype=int32)
   * ```
   */
  sub(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.sub", 1, 1, arguments.length, null, null);
    return arrayMethods.subtract(this, y);
  }
  /**
   * x · y, as `jnp.multiply`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2]).mul(1.5); // DeviceArray([1.5, 3. ], dtype=float32, weak_type=True)
   * ```
   */
  mul(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.mul", 1, 1, arguments.length, null, null);
    return arrayMethods.multiply(this, y);
  }
  /**
   * True division x / y, as `jnp.divide` (integers divide as float32).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2]).div(2); // DeviceArray([0.5, 1. ], dtype=float32)
   * ```
   */
  div(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.div", 1, 1, arguments.length, null, null);
    return arrayMethods.divide(this, y);
  }
  /**
   * x ** y, as `jnp.power`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([2, 3]).pow(2); // DeviceArray([4, 9], dtype=int32)
   * ```
   */
  pow(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.pow", 1, 1, arguments.length, null, null);
    return arrayMethods.power(this, y);
  }
  /**
   * x % y with the sign of y (Python's `%`), as `jnp.remainder`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([-7, 7]).mod(3); // DeviceArray([2, 1], dtype=int32)
   * ```
   */
  mod(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.mod", 1, 1, arguments.length, null, null);
    return arrayMethods.remainder(this, y);
  }
  /**
   * x // y (floor division), as `jnp.floor_divide`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([-7, 7]).floorDiv(2); // DeviceArray([-4,  3], dtype=int32)
   * ```
   */
  floorDiv(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.floorDiv", 1, 1, arguments.length, null, null);
    return arrayMethods.floorDivide(this, y);
  }
  /**
   * x @ y, as `jnp.matmul`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 2], [3, 4]]).matmul(jnp.array([1, 1])); // DeviceArray([3, 7], dtype=int32)
   * ```
   */
  matmul(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.matmul", 1, 1, arguments.length, null, null);
    return arrayMethods.matmul(this, y);
  }
  /**
   * The dot product, as `jnp.dot`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).dot(jnp.array([4, 5, 6])); // DeviceArray(32, dtype=int32)
   * ```
   */
  dot(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.dot", 1, 1, arguments.length, null, null);
    return arrayMethods.dot(this, y);
  }
  /**
   * −x, as `jnp.negative`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, -2]).neg(); // DeviceArray([-1,  2], dtype=int32)
   * ```
   */
  neg(): DeviceArray {
    if (arguments.length > 0) checkExtraArguments("x.neg", 0, 0, arguments.length, null, null);
    return arrayMethods.negative(this);
  }
  /**
   * |x|, as `jnp.abs`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([-1, 2]).abs(); // DeviceArray([1, 2], dtype=int32)
   * ```
   */
  abs(): DeviceArray {
    if (arguments.length > 0) checkExtraArguments("x.abs", 0, 0, arguments.length, null, null);
    return arrayMethods.abs(this);
  }
  /**
   * x < y elementwise, as `jnp.less`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).lt(2); // DeviceArray([ True, False, False], dtype=bool)
   * ```
   */
  lt(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.lt", 1, 1, arguments.length, null, null);
    return arrayMethods.less(this, y);
  }
  /**
   * x <= y elementwise, as `jnp.less_equal`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).le(2); // DeviceArray([ True,  True, False], dtype=bool)
   * ```
   */
  le(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.le", 1, 1, arguments.length, null, null);
    return arrayMethods.lessEqual(this, y);
  }
  /**
   * x > y elementwise, as `jnp.greater`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).gt(2); // DeviceArray([False, False,  True], dtype=bool)
   * ```
   */
  gt(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.gt", 1, 1, arguments.length, null, null);
    return arrayMethods.greater(this, y);
  }
  /**
   * x >= y elementwise, as `jnp.greater_equal`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).ge(2); // DeviceArray([False,  True,  True], dtype=bool)
   * ```
   */
  ge(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.ge", 1, 1, arguments.length, null, null);
    return arrayMethods.greaterEqual(this, y);
  }
  /**
   * x == y elementwise, as `jnp.equal`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).eq(2); // DeviceArray([False,  True, False], dtype=bool)
   * ```
   */
  eq(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.eq", 1, 1, arguments.length, null, null);
    return arrayMethods.equal(this, y);
  }
  /**
   * x != y elementwise, as `jnp.not_equal`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).ne(2); // DeviceArray([ True, False,  True], dtype=bool)
   * ```
   */
  ne(y: ArrayLike): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.ne", 1, 1, arguments.length, null, null);
    return arrayMethods.notEqual(this, y);
  }

  /**
   * Sum over axes (all by default), as `jnp.sum`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 2], [3, 4]]).sum({ axis: 0 }); // DeviceArray([4, 6], dtype=int32)
   * ```
   */
  sum(opts?: ReduceOptions & { dtype?: DType | string }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.sum", 0, 1, arguments.length, null, null);
    return arrayMethods.sum(this, opts);
  }
  /**
   * Product over axes, as `jnp.prod`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3, 4]).prod(); // DeviceArray(24, dtype=int32)
   * ```
   */
  prod(opts?: ReduceOptions & { dtype?: DType | string }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.prod", 0, 1, arguments.length, null, null);
    return arrayMethods.prod(this, opts);
  }
  /**
   * Mean over axes, as `jnp.mean`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3, 4]).mean(); // DeviceArray(2.5, dtype=float32)
   * ```
   */
  mean(opts?: ReduceOptions & { dtype?: DType | string }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.mean", 0, 1, arguments.length, null, null);
    return arrayMethods.mean(this, opts);
  }
  /**
   * Maximum over axes, as `jnp.max`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 5], [3, 2]]).max({ axis: 1 }); // DeviceArray([5, 3], dtype=int32)
   * ```
   */
  max(opts?: ReduceOptions): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.max", 0, 1, arguments.length, null, null);
    return arrayMethods.max(this, opts);
  }
  /**
   * Minimum over axes, as `jnp.min`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 5], [3, 2]]).min(); // DeviceArray(1, dtype=int32)
   * ```
   */
  min(opts?: ReduceOptions): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.min", 0, 1, arguments.length, null, null);
    return arrayMethods.min(this, opts);
  }
  /**
   * Whether all elements are true, as `jnp.all`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 0]).all(); // DeviceArray(False, dtype=bool)
   * ```
   */
  all(opts?: ReduceOptions): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.all", 0, 1, arguments.length, null, null);
    return arrayMethods.all(this, opts);
  }
  /**
   * Whether any element is true, as `jnp.any`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 0]).any(); // DeviceArray(True, dtype=bool)
   * ```
   */
  any(opts?: ReduceOptions): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.any", 0, 1, arguments.length, null, null);
    return arrayMethods.any(this, opts);
  }
  /**
   * Variance over axes, as `jnp.var`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3, 4]).var(); // DeviceArray(1.25, dtype=float32)
   * jnp.array([1, 2, 3, 4]).var({ ddof: 1 }); // DeviceArray(1.6666666, dtype=float32)
   * ```
   */
  var(opts?: ReduceOptions & { dtype?: DType | string; ddof?: number }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.var", 0, 1, arguments.length, null, null);
    return arrayMethods.var(this, opts);
  }
  /**
   * Standard deviation over axes, as `jnp.std`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3, 4]).std(); // DeviceArray(1.118034, dtype=float32)
   * ```
   */
  std(opts?: ReduceOptions & { dtype?: DType | string; ddof?: number }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.std", 0, 1, arguments.length, null, null);
    return arrayMethods.std(this, opts);
  }
  /**
   * Index of the maximum (of the flattened array unless `axis` is given), as `jnp.argmax`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 9], [8, 2]]).argmax(); // DeviceArray(1, dtype=int32)
   * ```
   */
  argmax(opts?: { axis?: number; keepdims?: boolean }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.argmax", 0, 1, arguments.length, null, null);
    return arrayMethods.argmax(this, opts);
  }
  /**
   * Index of the minimum, as `jnp.argmin`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 9], [8, 2]]).argmin({ axis: 1 }); // DeviceArray([0, 1], dtype=int32)
   * ```
   */
  argmin(opts?: { axis?: number; keepdims?: boolean }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.argmin", 0, 1, arguments.length, null, null);
    return arrayMethods.argmin(this, opts);
  }
  /**
   * Running sum (of the flattened array unless `axis` is given), as `jnp.cumsum`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).cumsum(); // DeviceArray([1, 3, 6], dtype=int32)
   * ```
   */
  cumsum(opts?: { axis?: number }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.cumsum", 0, 1, arguments.length, null, null);
    return arrayMethods.cumsum(this, opts);
  }
  /**
   * Running product, as `jnp.cumprod`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1, 2, 3]).cumprod(); // DeviceArray([1, 2, 6], dtype=int32)
   * ```
   */
  cumprod(opts?: { axis?: number }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.cumprod", 0, 1, arguments.length, null, null);
    return arrayMethods.cumprod(this, opts);
  }

  /**
   * The same elements in a new shape (one entry may be -1), as `jnp.reshape`. As in numpy, the
   * sizes may also be separate arguments, and the order an option.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.arange(6).reshape([2, -1]).shape; // [ 2, 3 ]
   * jnp.arange(6).reshape(3, 2).shape; // [ 3, 2 ]
   * jnp.arange(4).reshape([2, 2], { order: "F" });
   * // DeviceArray([[0, 2],
   * //              [1, 3]], dtype=int32)
   * ```
   */
  reshape(shape: number | readonly number[], opts?: { order?: "C" | "F" }): DeviceArray;
  /**
   * The new shape's sizes as separate arguments, as numpy's `x.reshape(2, 3)`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.arange(6).reshape(2, 3).shape; // [ 2, 3 ]
   * ```
   */
  reshape(...shape: number[]): DeviceArray;
  reshape(shape: unknown, opts?: unknown): DeviceArray {
    // numpy's x.reshape(2, 3): the sizes as separate arguments (then the options).
    if (arguments.length > 2 || typeof opts === "number") {
      return arrayMethods.reshapeSizes(this, [...arguments]);
    }
    return arrayMethods.reshape(this, shape as number[], opts);
  }
  /**
   * Permutes the axes (reverses them when `axes` is omitted), as `jnp.transpose`; as in numpy,
   * the axes may also be separate arguments.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.zeros([2, 3, 4]).transpose([1, 0, 2]).shape; // [ 3, 2, 4 ]
   * jnp.zeros([2, 3, 4]).transpose(2, 0, 1).shape; // [ 4, 2, 3 ]
   * ```
   */
  transpose(axes?: readonly number[] | null): DeviceArray;
  /**
   * The permutation as separate arguments, as numpy's `x.transpose(1, 0)`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.zeros([2, 3]).transpose(1, 0).shape; // [ 3, 2 ]
   * ```
   */
  transpose(...axes: number[]): DeviceArray;
  transpose(...axes: unknown[]): DeviceArray {
    // numpy's x.transpose(), x.transpose([1, 0]) and x.transpose(1, 0).
    const one = axes.length === 1 && (Array.isArray(axes[0]) || axes[0] == null);
    const perm = axes.length === 0 ? undefined : one ? axes[0] : axes;
    return arrayMethods.transpose(this, perm as readonly number[] | undefined);
  }
  /**
   * Flattens to 1-d, as `jnp.ravel` (column-major with order "F").
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 2], [3, 4]]).ravel(); // DeviceArray([1, 2, 3, 4], dtype=int32)
   * jnp.array([[1, 2], [3, 4]]).ravel("F"); // DeviceArray([1, 3, 2, 4], dtype=int32)
   * ```
   */
  ravel(order?: "C" | "F" | { order?: "C" | "F" }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.ravel", 0, 1, arguments.length, null, null);
    return order === undefined ? arrayMethods.ravel(this) : arrayMethods.ravel(this, order);
  }
  /**
   * Flattens to 1-d (a copy in numpy; arrays are immutable here), as `x.ravel()`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([[1, 2], [3, 4]]).flatten(); // DeviceArray([1, 2, 3, 4], dtype=int32)
   * ```
   */
  flatten(order?: "C" | "F" | { order?: "C" | "F" }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.flatten", 0, 1, arguments.length, null, null);
    return order === undefined ? arrayMethods.ravel(this) : arrayMethods.ravel(this, order);
  }
  /**
   * Removes size-1 axes (all, or those in `axis`), as `jnp.squeeze`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.zeros([1, 3, 1]).squeeze().shape; // [ 3 ]
   * ```
   */
  squeeze(opts?: { axis?: number | readonly number[] }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.squeeze", 0, 1, arguments.length, null, null);
    return arrayMethods.squeeze(this, opts);
  }
  /**
   * A copy converted to another dtype (float→int truncates toward zero), numpy's `astype`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([1.7, -1.7]).astype("int32"); // DeviceArray([ 1, -1], dtype=int32)
   * jnp.array([1.7, -1.7]).astype({ dtype: "int32" }); // DeviceArray([ 1, -1], dtype=int32)
   * ```
   */
  astype(
    dtype: DType | string | { dtype: DType | string; copy?: boolean },
    copy?: boolean,
  ): DeviceArray {
    // `copy` is numpy's positional argument: arrays are immutable, so it changes nothing.
    if (arguments.length > 2) checkExtraArguments("x.astype", 1, 2, arguments.length, null, null);
    void copy;
    return arrayMethods.astype(this, dtype);
  }
  /**
   * Limits values to [min, max] (either may be null), as `jnp.clip`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([-1, 5, 11]).clip(0, 10); // DeviceArray([ 0,  5, 10], dtype=int32)
   * ```
   */
  clip(min?: ArrayLike | null, max?: ArrayLike | null): DeviceArray {
    if (arguments.length > 2) checkExtraArguments("x.clip", 0, 2, arguments.length, null, null);
    return arrayMethods.clip(this, min, max);
  }
  /**
   * Rounds half to even to `decimals` places, as `jnp.round`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([0.5, 1.5, 2.567]).round(); // DeviceArray([0., 2., 3.], dtype=float32)
   * ```
   */
  round(decimals = 0): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.round", 0, 1, arguments.length, null, null);
    return arrayMethods.round(this, decimals);
  }
  /**
   * A sorted copy along an axis (the last by default), as `jnp.sort`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([3, 1, 2]).sort(); // DeviceArray([1, 2, 3], dtype=int32)
   * ```
   */
  sort(opts?: { axis?: number }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.sort", 0, 1, arguments.length, null, null);
    return arrayMethods.sort(this, opts);
  }
  /**
   * Indices that sort along an axis (the last by default), as `jnp.argsort`.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * jnp.array([3, 1, 2]).argsort(); // DeviceArray([1, 2, 0], dtype=int32)
   * ```
   */
  argsort(opts?: { axis?: number }): DeviceArray {
    if (arguments.length > 1) checkExtraArguments("x.argsort", 0, 1, arguments.length, null, null);
    return arrayMethods.argsort(this, opts);
  }

  /**
   * Indexing, JAX's `x[...]`, one argument per index expression:
   * - a number selects one position (negative counts from the end): `x.get(0)` is `x[0]`;
   * - a string is a slice or an ellipsis: `x.get(":", 1)` is `x[:, 1]`, `x.get("1:3")`,
   *   `x.get("::-1")`, `x.get("...", null)` is `x[..., None]`;
   * - `null` inserts a new axis of size 1 (`None` / `jnp.newaxis`);
   * - an integer array or list gathers (`x.get([0, 2])`), a bool array masks.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * const x = jnp.arange(12).reshape([3, 4]);
   * x.get(1); // DeviceArray([4, 5, 6, 7], dtype=int32)
   * x.get(":", -1); // DeviceArray([ 3,  7, 11], dtype=int32)
   * x.get("1:", "::2");
   * // DeviceArray([[ 4,  6],
   * //              [ 8, 10]], dtype=int32)
   * x.get([0, 2], 0); // DeviceArray([0, 8], dtype=int32)
   * ```
   */
  get(...index: Index[]): DeviceArray {
    return arrayMethods.getitem(this, index);
  }

  /**
   * Functional index updates, JAX's `x.at[idx]`: `x.at(0).set(5)`, `x.at(":", 1).add(1)`. The
   * index is as for `get`; the result is a new array.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * const x = jnp.zeros([2, 3], { dtype: "int32" });
   * x.at(0, 1).set(5);
   * // DeviceArray([[0, 5, 0],
   * //              [0, 0, 0]], dtype=int32)
   * x.at(":", 1).add(1);
   * // DeviceArray([[0, 1, 0],
   * //              [0, 1, 0]], dtype=int32)
   * ```
   */
  at(...index: Index[]): IndexUpdateRef {
    return arrayMethods.at(this, index);
  }

  /**
   * Iterates over the first axis, as iterating a numpy array does (an error for a 0-d array).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * const [a, b] = jnp.array([[1, 2], [3, 4]]);
   * b; // DeviceArray([3, 4], dtype=int32)
   * ```
   */
  *[Symbol.iterator](): Iterator<DeviceArray> {
    if (this.ndim === 0) throw new TypeError("iteration over a 0-d array");
    const n = this.shape[0];
    for (let i = 0; i < n; i++) yield this.get(i);
  }

  /**
   * numpy's `str(x)`: `[0 1 2]` (what `String(x)` and template strings give).
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * `x = ${jnp.arange(3)}`; // "x = [0 1 2]"
   * ```
   */
  toString(): string {
    return arrayMethods.str(this);
  }

  /**
   * JAX's repr, `DeviceArray([0, 1, 2], dtype=int32)`: what `console.log` shows in Deno, Node
   * and Bun.
   *
   * @example
   * ```ts
   * import { jnp } from "@jaxscript/jaxscript";
   * console.log(jnp.arange(3)); // DeviceArray([0, 1, 2], dtype=int32)
   * ```
   */
  [inspectSymbol](): string {
    return arrayMethods.repr(this);
  }
}
