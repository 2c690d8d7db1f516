/**
 * Forward-mode differentiation (JVP). A JVP tracer carries a primal and a tangent; tangents may
 * be symbolic zeros, and a primitive whose tangents are all zero is just evaluated on primals.
 */

import type { ShapedArray } from "../core/aval.ts";
import type { DeviceArray } from "../core/array.ts";
import { isZero, type Tangent, Zero } from "../core/ad_util.ts";
import type { Params, Primitive } from "../core/primitive.ts";
import { bind, fullLower, type MainTrace, Trace, Tracer, withNewMain } from "../core/trace.ts";
import { NotImplementedError } from "../errors.ts";

export class JVPTracer extends Tracer {
  constructor(readonly trace: JVPTrace, readonly primal: DeviceArray, readonly tangent: Tangent) {
    super();
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
  override toConcrete(): DeviceArray | null {
    const p = this.primal;
    return p instanceof Tracer ? p.toConcrete() : p;
  }
}

export class JVPTrace extends Trace {
  pure(val: DeviceArray): DeviceArray {
    return new JVPTracer(this, val, new Zero(tangentAval(val.aval)));
  }

  processPrimitive(prim: Primitive, args: DeviceArray[], params: Params): DeviceArray[] {
    const tracers = args as JVPTracer[];
    const primals = tracers.map((t) => t.primal);
    const tangents = tracers.map((t) => t.tangent);
    if (tangents.every(isZero)) {
      const outs = bind(prim, primals, params);
      return outs.map((o) => new JVPTracer(this, o, new Zero(tangentAval(o.aval))));
    }
    const rule = prim.jvp;
    if (!rule) {
      throw new NotImplementedError(`Differentiation rule for '${prim.name}' not implemented`);
    }
    const [primalsOut, tangentsOut] = rule(primals, tangents, params);
    return primalsOut.map((p, i) => new JVPTracer(this, p, tangentsOut[i]));
  }

  override get name(): string {
    return "JVPTrace";
  }
}

/** The aval of a tangent for a primal: the same for floats; integer and bool tangents are zero. */
export function tangentAval(aval: ShapedArray): ShapedArray {
  return aval.weakType ? aval.withWeak(false) : aval;
}

/**
 * Pushes tangents through `fn` (flat lists). Returns primal outputs and tangent outputs
 * (possibly symbolic zeros).
 */
export function jvpFlat(
  fn: (...args: DeviceArray[]) => DeviceArray[],
  primals: readonly DeviceArray[],
  tangents: readonly Tangent[],
): [DeviceArray[], Tangent[]] {
  return withNewMain(JVPTrace, null, (main: MainTrace) => {
    const trace = main.trace as JVPTrace;
    const ins = primals.map((p, i) => new JVPTracer(trace, p, tangents[i]));
    const outs = fn(...ins);
    const primalsOut: DeviceArray[] = [];
    const tangentsOut: Tangent[] = [];
    for (const o of outs) {
      if (o instanceof JVPTracer && o.trace.main === main) {
        primalsOut.push(fullLower(o.primal));
        tangentsOut.push(isZero(o.tangent) ? o.tangent : fullLower(o.tangent));
      } else {
        // An output that does not depend on the inputs (a constant, or an outer tracer).
        primalsOut.push(o);
        tangentsOut.push(new Zero(tangentAval(o.aval)));
      }
    }
    return [primalsOut, tangentsOut];
  });
}
