/**
 * Error classes named as JAX (Python) names them. `TypeError` is JavaScript's own; the others are
 * subclasses of `Error` whose `name` is Python's, so `String(err)` reads like Python's last line.
 */

/**
 * Python's `ValueError`: an argument has the right type but an inappropriate value.
 *
 * @example
 * ```ts
 * import { jnp, ValueError } from "@jaxscript/jaxscript";
 * try {
 *   jnp.arange(0, 5, 0);
 * } catch (e) {
 *   console.log(e instanceof ValueError, String(e)); // true ValueError: arange: step cannot be zero
 * }
 * ```
 */
export class ValueError extends Error {
  /** The error's name, as Python's class name. */
  override name = "ValueError";
}

/**
 * Python's `IndexError`: an index outside an axis.
 *
 * @example
 * ```ts
 * import { IndexError, jnp } from "@jaxscript/jaxscript";
 * try {
 *   jnp.arange(3).get(5);
 * } catch (e) {
 *   console.log(e instanceof IndexError); // true
 *   console.log(String(e)); // IndexError: index 5 is out of bounds for axis 0 with size 3
 * }
 * ```
 */
export class IndexError extends Error {
  /** The error's name, as Python's class name. */
  override name = "IndexError";
}

/**
 * Python's `OverflowError`: a JS integer that does not fit the dtype it must become.
 *
 * @example
 * ```ts
 * import { jnp, OverflowError } from "@jaxscript/jaxscript";
 * try {
 *   jnp.array(2 ** 40);
 * } catch (e) {
 *   console.log(e instanceof OverflowError); // true
 *   console.log(String(e)); // OverflowError: Python int 1099511627776 too large to convert to int32
 * }
 * ```
 */
export class OverflowError extends Error {
  /** The error's name, as Python's class name. */
  override name = "OverflowError";
}

/**
 * Python's `NotImplementedError`: a feature of JAX's API that jaxscript does not have.
 *
 * @example
 * ```ts
 * import { jnp, NotImplementedError } from "@jaxscript/jaxscript";
 * try {
 *   jnp.take(jnp.arange(3), [1], { mode: "raise" });
 * } catch (e) {
 *   console.log(e instanceof NotImplementedError); // true
 * }
 * ```
 */
export class NotImplementedError extends Error {
  /** The error's name, as Python's class name. */
  override name = "NotImplementedError";
}

/**
 * JAX's `ConcretizationTypeError`: a traced (abstract) value was used where JavaScript needs a
 * concrete one, e.g. in an `if` under `jit`. Use `lax.cond`, `jnp.where` or a static argument.
 *
 * @example
 * ```ts
 * import { ConcretizationTypeError, type DeviceArray, jit, jnp } from "@jaxscript/jaxscript";
 * const f = jit((x: DeviceArray) => Number(jnp.sum(x)) > 0 ? x : jnp.negative(x));
 * try {
 *   f(jnp.ones([2]));
 * } catch (e) {
 *   console.log(e instanceof ConcretizationTypeError); // true
 * }
 * ```
 */
export class ConcretizationTypeError extends TypeError {
  /** The error's name, as JAX's class name. */
  override name = "ConcretizationTypeError";
}

/**
 * JAX's `TracerArrayConversionError`: a traced value was converted to host data (a function that
 * needs concrete values was called under a transformation).
 *
 * @example
 * ```ts
 * import { type DeviceArray, jit, jnp, random } from "@jaxscript/jaxscript";
 * import { TracerArrayConversionError } from "@jaxscript/jaxscript";
 * const f = jit((n: DeviceArray) => random.permutation(random.PRNGKey(0), n));
 * try {
 *   f(jnp.array(5));
 * } catch (e) {
 *   console.log(e instanceof TracerArrayConversionError); // true
 * }
 * ```
 */
export class TracerArrayConversionError extends TypeError {
  /** The error's name, as JAX's class name. */
  override name = "TracerArrayConversionError";
}

/**
 * JAX's `UnexpectedTracerError`: a tracer escaped the transformation that created it (it was
 * saved to outer state instead of being returned).
 *
 * @example
 * ```ts
 * import { type DeviceArray, jit, jnp, UnexpectedTracerError } from "@jaxscript/jaxscript";
 * let leaked: DeviceArray = jnp.zeros([]);
 * jit((x: DeviceArray) => (leaked = jnp.sin(x)))(jnp.ones([2]));
 * try {
 *   jnp.add(leaked, 1);
 * } catch (e) {
 *   console.log(e instanceof UnexpectedTracerError); // true
 * }
 * ```
 */
export class UnexpectedTracerError extends Error {
  /** The error's name, as JAX's class name. */
  override name = "UnexpectedTracerError";
}
