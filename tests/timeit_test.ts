/**
 * The timing helper against IPython's exact strings (`_format_time`, `TimeitResult.__str__`,
 * the "slowest run" rule, `%time`'s lines), the loop-count rule and the block-until-ready wait,
 * with an injected fake clock so nothing depends on the machine's speed.
 */

import { assert, test } from "./harness.ts";
import {
  blockUntilReady,
  formatG,
  formatTime,
  time,
  timeit,
  timeitAsync,
  timeitReport,
  TimeitResult,
  timeReport,
} from "../src/timeit.ts";

// Expected strings produced by IPython 8.x's `_format_time` (µ = U+00B5) under CPython.
const FORMAT_CASES: [number, string][] = [
  [8.86e-6, "8.86 µs"],
  [1e-6, "1 µs"],
  [0.2, "200 ms"],
  [0, "0 ns"],
  [9.999e-7, "1e+03 ns"],
  [1.5, "1.5 s"],
  [59.9999, "60 s"],
  [60, "1min"],
  [61.5, "1min 1s"],
  [3725, "1h 2min 5s"],
  [90061.2, "1d 1h 1min 1s"],
  [86400, "1d"],
  [3600, "1h"],
  [1e-10, "0.1 ns"],
  [2.5e-9, "2.5 ns"],
  [0.0125, "12.5 ms"],
  [0.123456, "123 ms"],
  [0.00414, "4.14 ms"],
  [1.89e-5, "18.9 µs"],
  [0.001, "1 ms"],
  [0.001234567, "1.23 ms"],
  [1.0005, "1 s"],
  [12.345, "12.3 s"],
  [5e-10, "0.5 ns"],
  [1e-7, "100 ns"],
  [9.995e-7, "999 ns"],
  [0.0025, "2.5 ms"],
  [0.9999996, "1e+03 ms"],
  [0.000777, "777 µs"],
];

test("formatTime matches IPython's _format_time", () => {
  for (const [t, want] of FORMAT_CASES) assert.equal(formatTime(t), want, `formatTime(${t})`);
  assert.equal(formatTime(8.86e-6).charCodeAt(5), 0xb5, "µ is U+00B5");
});

test("formatTime precision argument", () => {
  const cases: [number, number, string][] = [
    [8.86123e-6, 1, "9 µs"],
    [8.86123e-6, 2, "8.9 µs"],
    [8.86123e-6, 5, "8.8612 µs"],
    [0.125, 1, "1e+02 ms"],
    [0.125, 2, "1.2e+02 ms"],
    [0.125, 5, "125 ms"],
    [2.5e-6, 1, "2 µs"],
    [1.2345e-6, 5, "1.2345 µs"],
  ];
  for (const [t, p, want] of cases) assert.equal(formatTime(t, p), want, `formatTime(${t}, ${p})`);
});

test("formatG is C's %g with ties to even", () => {
  const cases: [number, string][] = [
    [0.125, "0.125"],
    [2.5, "2.5"],
    [1e5, "1e+05"],
    [123456, "1.23e+05"],
    [1e-5, "1e-05"],
    [0.0001, "0.0001"],
    [999.5, "1e+03"],
    [99950, "1e+05"],
  ];
  for (const [x, want] of cases) assert.equal(formatG(x, 3), want, `%.3g of ${x}`);
  assert.equal(formatG(0.125, 2), "0.12"); // exact tie rounds to even, unlike toPrecision
});

test("TimeitResult prints IPython 8's line with thousands separators", () => {
  const r = new TimeitResult(100000, 7, 8.76e-6, 9.0e-6, [
    0.876,
    0.88,
    0.89,
    0.9,
    0.885,
    0.88,
    0.89,
  ], 0);
  assert.match(
    String(r),
    /^8\.\d\d µs ± \d+(\.\d+)? ns per loop \(mean ± std\. dev\. of 7 runs, 100,000 loops each\)$/,
  );
  const one = new TimeitResult(1, 1, 2, 2, [2], 0);
  assert.equal(String(one), "2 s ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)");
  const r2 = new TimeitResult(10, 2, 0.001, 0.003, [0.01, 0.03], 0);
  assert.equal(r2.average, 0.002);
  assert.equal(r2.stdev, 0.001); // population std (÷ n)
  assert.equal(String(r2), "2 ms ± 1 ms per loop (mean ± std. dev. of 2 runs, 10 loops each)");
});

test("the slowest-run warning follows IPython's rule", () => {
  const warn = (best: number, worst: number) =>
    timeitReport(new TimeitResult(1, 2, best, worst, [best, worst], 0)).length === 2;
  assert.equal(warn(1e-3, 5e-3), true);
  assert.equal(warn(1e-3, 4e-3), false); // not strictly more than 4×
  assert.equal(warn(1e-7, 9e-7), false); // worst under a microsecond
  assert.equal(warn(0, 1), false); // best 0
  const lines = timeitReport(new TimeitResult(1, 2, 1e-3, 5.5e-3, [1e-3, 5.5e-3], 0.25));
  assert.equal(
    lines[0],
    "The slowest run took 5.50 times longer than the fastest. This could mean that an " +
      "intermediate result is being cached.",
  );
  assert.equal(lines[2], "Compiler time: 0.25 s");
});

/** A fake clock advanced by the statement itself. */
function fakeClock() {
  const clock = { now: 0, timer: () => clock.now };
  return clock;
}

test("automatic loop count: powers of 10 until a run takes ≥ 0.2 s, then 7 runs", async () => {
  const clock = fakeClock();
  let calls = 0;
  const lines: string[] = [];
  const r = await timeit(() => {
    calls++;
    clock.now += 2 ** -10; // dyadic steps keep the fake clock's sums exact
  }, { timer: clock.timer, log: (l) => lines.push(l) });
  assert.equal(r.loops, 1000); // 1, 10, 100 (0.098 s) < 0.2 s; 1000 → 0.98 s
  assert.equal(r.repeat, 7);
  assert.equal(calls, 1 + 10 + 100 + 1000 + 7 * 1000);
  assert.deepEqual(lines, [
    "977 µs ± 0 ns per loop (mean ± std. dev. of 7 runs, 1,000 loops each)",
  ]);
});

test("explicit -n/-r/-p and quiet", async () => {
  const clock = fakeClock();
  const lines: string[] = [];
  const r = await timeit(() => (clock.now += 2 ** -20), {
    timer: clock.timer,
    number: 10,
    repeat: 3,
    precision: 5,
    log: (l) => lines.push(l),
  });
  assert.equal(r.all_runs.length, 3);
  assert.equal(lines[0], "953.67 ns ± 0 ns per loop (mean ± std. dev. of 3 runs, 10 loops each)");
  const quiet: string[] = [];
  await timeit(() => 1, { number: 1, repeat: 1, quiet: true, log: (l) => quiet.push(l) });
  assert.equal(quiet.length, 0);
});

test("setup runs before every run, calibration included, outside the clock", async () => {
  const clock = fakeClock();
  let setups = 0;
  let queue: number[] = [];
  const popped: number[] = [];
  const r = await timeit(() => {
    const v = queue.pop();
    if (v === undefined) throw new Error("the setup did not refill the queue");
    popped.push(v);
    clock.now += 2 ** -4;
  }, {
    setup: () => {
      setups++;
      clock.now += 1; // slow setup: must not count
      queue = [1, 2, 3];
    },
    timer: clock.timer,
    number: 3,
    repeat: 4,
    quiet: true,
  });
  assert.equal(setups, 4);
  assert.deepEqual(popped, [3, 2, 1, 3, 2, 1, 3, 2, 1, 3, 2, 1]);
  assert.deepEqual(r.all_runs, [3 * 2 ** -4, 3 * 2 ** -4, 3 * 2 ** -4, 3 * 2 ** -4]);

  // Automatic loop count: the calibration runs (1, 10 loops) get their own setup too.
  setups = 0;
  const auto = await timeit(() => (clock.now += 2 ** -6), {
    setup: () => void setups++,
    timer: clock.timer,
    quiet: true,
  });
  assert.equal(auto.loops, 100); // 1 loop: 0.016 s, 10: 0.16 s, 100: 1.6 s ≥ 0.2 s
  assert.equal(setups, 3 + 7);

  // An async setup is awaited before the clock starts; timeitAsync honours setup as well.
  let ready = false;
  await timeitAsync(() => {
    if (!ready) throw new Error("statement ran before the setup finished");
    clock.now += 1;
  }, {
    setup: async () => {
      ready = false;
      await null;
      ready = true;
    },
    timer: clock.timer,
    number: 2,
    repeat: 2,
    quiet: true,
  });
});

/** A stand-in DeviceArray: `blockUntilReady` finishes pending "device work" on the clock. */
class FakeArray {
  static waits = 0;
  constructor(private clock: { now: number }, private work: number) {}
  blockUntilReady(): Promise<this> {
    FakeArray.waits++;
    this.clock.now += this.work; // the device finishes its queue
    return Promise.resolve(this);
  }
}

test("block-until-ready: one wait per run, on the last loop's result, inside the clock", async () => {
  const clock = fakeClock();
  FakeArray.waits = 0;
  const r = await timeit(() => ({ out: [new FakeArray(clock, 2 ** -7)] }), {
    timer: clock.timer,
    number: 5,
    repeat: 4,
    quiet: true,
  });
  assert.equal(FakeArray.waits, 4);
  assert.deepEqual(r.all_runs, [2 ** -7, 2 ** -7, 2 ** -7, 2 ** -7]);
  assert.equal(r.best, 2 ** -7 / 5);
});

test("timeitAsync awaits every loop; timeit hands promise statements to it", async () => {
  const clock = fakeClock();
  let n = 0;
  const r = await timeitAsync(async () => {
    await null;
    n++;
    clock.now += 0.5;
  }, { timer: clock.timer, quiet: true });
  assert.equal(r.loops, 1);
  assert.equal(n, 1 + 7);
  const r2 = await timeit(() => Promise.resolve(clock.now += 0.25), {
    timer: clock.timer,
    number: 2,
    repeat: 2,
    quiet: true,
  });
  assert.deepEqual(r2.all_runs, [0.5, 0.5]);
});

test("time prints %time's two lines and returns the value", async () => {
  const clock = fakeClock();
  let cpu = { user: 0, system: 0 };
  const lines: string[] = [];
  const v = await time(() => {
    clock.now += 1.3e-3;
    cpu = { user: 1200, system: 0 };
    return Promise.resolve(42);
  }, { timer: clock.timer, cpuUsage: () => cpu, log: (l) => lines.push(l) });
  assert.equal(v, 42);
  assert.deepEqual(lines, [
    "CPU times: user 1.2 ms, sys: 0 ns, total: 1.2 ms",
    "Wall time: 1.3 ms",
  ]);
  assert.deepEqual(timeReport(1, 2, 3, 0, "win32"), ["CPU times: total: 3 s", "Wall time: 3 s"]);
  assert.equal(timeReport(0, 0, 0, 0.5, "linux")[2], "Compiler : 500 ms");
});

test("blockUntilReady walks nested containers", async () => {
  const clock = fakeClock();
  FakeArray.waits = 0;
  const a = new FakeArray(clock, 0);
  const value = { a, list: [a, [a]], n: 1 };
  assert.equal(await blockUntilReady(value), value);
  assert.equal(FakeArray.waits, 3);
});
