/**
 * Error classes named as JAX (Python) names them. `TypeError` is JavaScript's own; the others are
 * subclasses of `Error` whose `name` is Python's, so `String(err)` reads like Python's last line.
 */

/** Python's `ValueError`: an argument has the right type but an inappropriate value. */
export class ValueError extends Error {
  override name = "ValueError";
}

/** Python's `IndexError`: an index outside an axis. */
export class IndexError extends Error {
  override name = "IndexError";
}

/** Python's `OverflowError`: a JS integer that does not fit the dtype it must become. */
export class OverflowError extends Error {
  override name = "OverflowError";
}

/** Python's `NotImplementedError`. */
export class NotImplementedError extends Error {
  override name = "NotImplementedError";
}

/**
 * JAX's `ConcretizationTypeError`: a traced (abstract) value was used where JavaScript needs a
 * concrete one, e.g. in an `if` under `jit`.
 */
export class ConcretizationTypeError extends TypeError {
  override name = "ConcretizationTypeError";
}

/** JAX's `TracerArrayConversionError`: a traced value was converted to host data. */
export class TracerArrayConversionError extends TypeError {
  override name = "TracerArrayConversionError";
}

/** JAX's `UnexpectedTracerError`: a tracer escaped the transformation that created it. */
export class UnexpectedTracerError extends Error {
  override name = "UnexpectedTracerError";
}
