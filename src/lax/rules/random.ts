/**
 * Rules of threefry2x32. Its outputs are uint32 bits, so tangents are zero; it broadcasts like an
 * elementwise primitive, so vmap applies it once to operands with the batch axis in front.
 */

import { bind } from "../../core/trace.ts";
import * as P from "../prims/index.ts";
import { batchElementwiseOperands, defZeroJvp } from "./util.ts";

defZeroJvp(P.threefry2x32_p);
P.threefry2x32_p.batch = (args, dims, params, size) => [
  bind(P.threefry2x32_p, batchElementwiseOperands(args, dims, size), params),
  [0, 0],
];
