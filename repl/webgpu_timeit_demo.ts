/**
 * Why `timeit` waits once per timing run, on the last loop's result: the same compute dispatch
 * timed three ways on a real GPU queue through Deno's WebGPU (raw dispatches, independent of the
 * library's backend), plus the cost of one `onSubmittedWorkDone` wait on an empty queue.
 *
 *     deno run -A repl/webgpu_timeit_demo.ts [elements=1048576] [iterations=16,1024,8192]
 *
 * Results on an NVIDIA H200 (Deno 2.9.6, Vulkan) are in repl/README.md: waiting after every
 * loop adds Deno's ~11 ms per-wait floor to each loop; not waiting measures dispatch only;
 * waiting once per run gives the device's time per dispatch.
 *
 * @module
 */

import { formatTime, timeit, timeitAsync } from "../src/timeit.ts";

const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
if (!adapter) {
  console.log("no WebGPU adapter");
  Deno.exit(2);
}
const info = adapter.info ?? {};
console.log(
  "adapter:",
  info.vendor,
  "|",
  info.architecture,
  "|",
  info.device,
  "|",
  info.description,
);
const device = await adapter.requestDevice();
const N = Number(Deno.args[0] ?? 1 << 20);
const buf = device.createBuffer({ size: N * 4, usage: GPUBufferUsage.STORAGE });
const code = `
@group(0) @binding(0) var<storage, read_write> buf: array<f32>;
override ITER: u32 = 64u;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= arrayLength(&buf)) { return; }
  var x = buf[i];
  for (var k = 0u; k < ITER; k++) { x = x * 1.0000001 + 0.5; }
  buf[i] = x;
}`;
const module = device.createShaderModule({ code });
for (const iter of (Deno.args[1] ?? "16,1024,8192").split(",").map(Number)) {
  const pipeline = device.createComputePipeline({
    layout: "auto",
    compute: { module, entryPoint: "main", constants: { ITER: iter } },
  });
  const bind = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [{ binding: 0, resource: { buffer: buf } }],
  });
  // One "op": one dispatch, returning a DeviceArray stand-in whose blockUntilReady waits for the queue.
  const op = () => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(Math.ceil(N / 256));
    pass.end();
    device.queue.submit([enc.finish()]);
    return { blockUntilReady: () => device.queue.onSubmittedWorkDone() };
  };
  await op().blockUntilReady(); // compile + warm
  console.log(`\n== ${N} elements x ${iter} FMA iterations per dispatch`);
  const o = { number: 100, repeat: 7 };
  const once = await timeit(op, { ...o, quiet: true });
  console.log(`timeit (wait once per run, last result): ${once}`);
  const every = await timeitAsync(async () => await op().blockUntilReady(), { ...o, quiet: true });
  console.log(`wait after every loop:                   ${every}`);
  const none = await timeit(() => void op(), { ...o, quiet: true });
  await device.queue.onSubmittedWorkDone();
  console.log(`no wait (dispatch only):                 ${none}`);
  const auto = await timeit(op, { quiet: true });
  console.log(`timeit, automatic loops:                 ${auto}`);
}
const floor = await timeitAsync(() => device.queue.onSubmittedWorkDone(), {
  number: 1000,
  quiet: true,
});
console.log(`\nper-await floor (empty queue onSubmittedWorkDone): ${formatTime(floor.average)}`);
