import { assert, test } from "../harness.ts";
import { pyFloatRepr, pyIntRepr } from "../../src/print/pyrepr.ts";
import { printFixture } from "./fixture_util.ts";

function doubleFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt("0x" + hex));
  return view.getFloat64(0);
}

test("pyFloatRepr matches Python's repr(float) on fixture doubles", () => {
  const failures: string[] = [];
  for (const [hex, want] of printFixture.pyrepr) {
    const got = pyFloatRepr(doubleFromHex(hex));
    if (got !== want) failures.push(`${hex}: got ${got}, want ${want}`);
  }
  assert.ok(printFixture.pyrepr.length > 100);
  assert.deepEqual(failures, []);
});

test("pyFloatRepr: layout rules", () => {
  assert.equal(pyFloatRepr(1), "1.0");
  assert.equal(pyFloatRepr(-0), "-0.0");
  assert.equal(pyFloatRepr(Math.fround(0.1)), "0.10000000149011612");
  assert.equal(pyFloatRepr(0.0001), "0.0001");
  assert.equal(pyFloatRepr(0.00001), "1e-05");
  assert.equal(pyFloatRepr(1e15), "1000000000000000.0");
  assert.equal(pyFloatRepr(1e16), "1e+16");
  assert.equal(pyFloatRepr(1.5e16), "1.5e+16");
  assert.equal(pyFloatRepr(1e300), "1e+300");
  assert.equal(pyFloatRepr(123.456), "123.456");
  assert.equal(pyFloatRepr(NaN), "nan");
  assert.equal(pyFloatRepr(-Infinity), "-inf");
});

test("pyIntRepr prints every digit", () => {
  assert.equal(pyIntRepr(0), "0");
  assert.equal(pyIntRepr(-0), "0");
  assert.equal(pyIntRepr(-42), "-42");
  assert.equal(pyIntRepr(4294967295), "4294967295");
  assert.equal(pyIntRepr(1e21), "1000000000000000000000");
  assert.equal(pyIntRepr(2n ** 70n), "1180591620717411303424");
  assert.throws(() => pyIntRepr(1.5), RangeError);
});
