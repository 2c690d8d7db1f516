/** jnp.einsum. (In progress.) */

import type { ArrayLike, DeviceArray } from "../core/array.ts";
import { NotImplementedError } from "../errors.ts";

export function einsum(_subscripts: string, ..._operands: ArrayLike[]): DeviceArray {
  throw new NotImplementedError("jnp.einsum is not implemented yet");
}
