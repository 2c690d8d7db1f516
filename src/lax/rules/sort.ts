/**
 * JVP and batching rules of sort. Sorting permutes its operands, so the tangents are permuted the
 * same way: the JVP sorts an iota along as one more (non-key) operand and gathers each tangent
 * with the resulting permutation (a gather is linear, so grad goes through its transpose).
 */

import { bind } from "../../core/trace.ts";
import { isFloat } from "../../dtype.ts";
import * as lax from "../lax.ts";
import * as P from "../prims/index.ts";
import { isZero, moveaxis, shiftAxis, takeAlongAxis, zeroTangent } from "./util.ts";

P.sort_p.jvp = (primals, tangents, params) => {
  const dim = params.dimension as number;
  const iota = lax.broadcastedIota("int32", primals[0].shape, dim);
  // num_keys is unchanged, so the iota never affects the order; it only records it.
  const outs = bind(P.sort_p, [...primals, iota], params);
  const perm = outs.pop()!;
  const tangentsOut = tangents.map((t, i) =>
    isZero(t) || !isFloat(outs[i].dtype) ? zeroTangent(outs[i]) : takeAlongAxis(t, perm, dim)
  );
  return [outs, tangentsOut];
};

P.sort_p.batch = (args, dims, params, size) => {
  // All operands need the batch axis in one place: where the first batched one has it.
  const bd = dims.find((d) => d !== null) as number;
  const moved = args.map((a, i) => moveaxis(a, dims[i], bd, size));
  const dimension = shiftAxis(params.dimension as number, bd);
  const outs = bind(P.sort_p, moved, { ...params, dimension });
  return [outs, outs.map(() => bd)];
};
