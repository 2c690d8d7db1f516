/**
 * Python's `repr()` of numbers, for printing literals the way JAX shows them (jaxpr constants,
 * error messages). JS and Python both print the shortest digits that read back as the same double
 * (the closest such when several exist); they differ only in layout, which is what this fixes.
 */

/**
 * Python's `repr(float)`: fixed notation when the decimal exponent is in [-4, 16), scientific
 * (at least two exponent digits) otherwise; integral values keep a `.0`.
 *
 * @example
 * pyFloatRepr(1); // "1.0"
 * pyFloatRepr(Math.fround(0.1)); // "0.10000000149011612"
 * pyFloatRepr(1e-5); // "1e-05"
 * pyFloatRepr(1.5e16); // "1.5e+16"
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return sign + "0.0";
  const t = Math.abs(x).toExponential(); // shortest round-trip digits, as "d.ddde+N"
  const e = t.indexOf("e");
  const digits = t.slice(0, e).replace(".", "");
  const exp = Number(t.slice(e + 1));
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
    const whole = digits.length <= exp + 1 ? digits.padEnd(exp + 1, "0") : digits.slice(0, exp + 1);
    return `${sign}${whole}.${digits.slice(exp + 1) || "0"}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const absExp = String(Math.abs(exp)).padStart(2, "0");
  return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${absExp}`;
}

/**
 * Python's `repr(int)`: all digits, never an exponent (JS switches to one at 1e21).
 *
 * @example
 * pyIntRepr(-3); // "-3"
 * pyIntRepr(1e21); // "1000000000000000000000"
 */
export function pyIntRepr(x: number | bigint): string {
  if (typeof x === "bigint") return x.toString();
  if (!Number.isInteger(x)) throw new RangeError(`pyIntRepr: ${x} is not an integer`);
  return Number.isSafeInteger(x) ? String(x === 0 ? 0 : x) : BigInt(x).toString();
}
