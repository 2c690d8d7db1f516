/** The trace stack's repair after code was terminated inside a transformation. */

import { assert, test } from "../harness.ts";
import { jnp } from "../../mod.ts";
import { isEager, MainTrace, resetTraceState, traceStack } from "../../src/core/trace.ts";
import { JaxprTrace } from "../../src/interpreters/tracing.ts";

test("resetTraceState unwinds traces a terminated transformation left open", async () => {
  assert.equal(resetTraceState(), false, "nothing open to begin with");
  // What a jit terminated mid-trace leaves behind: its main trace still on the stack.
  const main = new MainTrace(traceStack.length, JaxprTrace, null);
  traceStack.push(main);
  assert.equal(isEager(), false);
  assert.equal(resetTraceState(), true);
  assert.equal(isEager(), true);
  assert.equal(main.active, false, "the abandoned trace is closed");
  assert.deepEqual(await jnp.add(1, 2).tolist(), 3);
});
