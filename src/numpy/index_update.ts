/** Functional index updates (`x.at(...).set(v)`), take and takeAlongAxis. (In progress.) */

import type { ArrayLike, DeviceArray, Index, IndexUpdateRef } from "../core/array.ts";
import { NotImplementedError } from "../errors.ts";

export function atUpdate(_x: DeviceArray, _idx: Index[]): IndexUpdateRef {
  throw new NotImplementedError("x.at(...) is not implemented yet");
}

export function take(
  _x: ArrayLike,
  _indices: ArrayLike,
  _opts: { axis?: number | null } = {},
): DeviceArray {
  throw new NotImplementedError("jnp.take is not implemented yet");
}

export function takeAlongAxis(
  _x: ArrayLike,
  _indices: ArrayLike,
  _axis: number | null,
): DeviceArray {
  throw new NotImplementedError("jnp.takeAlongAxis is not implemented yet");
}
