/**
 * The command stream of the WebGPU device: epochs (numbered submits), error scopes, waits, and
 * the pending-work chain that lets a synchronous `run` return while a loop runs asynchronously.
 *
 * Why batching: on Deno every wait for the queue costs ~11.4 ms (its `mapAsync` and
 * `onSubmittedWorkDone` both poll the device and then sleep 10 ms before resolving, measured on
 * Deno 2.9.6 with llvmpipe, even with nothing in flight), while one submit costs ~60 µs. So
 * operations only encode work; the encoder is submitted when a value is read, when a caller waits
 * (`ready`), or after `maxBatch` dispatches, and concurrent waits share one poll.
 *
 * Async tasks: a while_loop whose predicate is computed on the GPU must read it back (every
 * iteration, or every chunk of iterations: while_chunks.ts), which only an async function can
 * do, yet `Executable.run` is synchronous. Such a program returns its output buffers at once
 * (their avals are static) and enqueues a task that runs the loop and finally writes those
 * buffers. Everything encoded after the task was enqueued is held back (finished command
 * buffers in `held`) and submitted, in order, once the task is done, so the queue sees the same
 * order as the program. Epochs stay monotone in submission order: work before the task has
 * epochs below the task's epoch T, the task's own submits all count as T, and held work has
 * epochs above T. Reads and `ready` wait until their epoch is submitted, i.e. behind the chain.
 *
 * A task that fails marks its epoch failed: reading its outputs, or anything computed from them
 * (buffers carry `dep`, the latest task they derive from), raises its error, as does the next
 * operation (once); an operation that consumes such a buffer raises it too. Work independent of
 * the failed loop is unaffected.
 */

import { WebGpuError } from "./errors.ts";

/** A task's view of the stream: encodes and reads back outside the held chain. */
export class TaskStream {
  /** The first error of this task's submits seen so far. */
  error: Error | null = null;
  private checks: Promise<Error | null>[] = [];

  constructor(private readonly stream: CommandStream, readonly epoch: number) {}

  /**
   * Runs `fn` synchronously with everything it encodes submitted for this task when it returns
   * (ahead of the held work). Nested calls share the outer call's encoder.
   */
  run<T>(fn: () => T): T {
    return this.stream.runInTask(this, fn);
  }

  /** Reads `bytes` bytes of a buffer (one submit and one queue wait, ~11.5 ms on Deno). */
  async read(buf: { epoch: number }, bytes: number): Promise<ArrayBuffer> {
    this.stream.taskReads++;
    const out = await this.stream.readForTask(this, buf, bytes);
    this.throwIfFailed();
    return out;
  }

  /** Records the error check of one of this task's submits. */
  addCheck(check: Promise<Error | null>): void {
    this.checks.push(check);
    check.then((e) => {
      if (e) this.error ??= e;
    });
  }

  /** Throws the first error seen so far (checks resolve shortly after their submit ran). */
  throwIfFailed(): void {
    if (this.error) throw this.error;
  }

  /** Awaits every check, then throws the first error. */
  async settle(): Promise<void> {
    await Promise.all(this.checks);
    this.checks = [];
    this.throwIfFailed();
  }
}

type Held =
  | { kind: "cmd"; epoch: number; cb: GPUCommandBuffer; check: Promise<Error | null> }
  | { kind: "task"; epoch: number; run: (st: TaskStream) => Promise<void> };

export abstract class CommandStream {
  /** Dispatches per submit before the encoder is flushed without a wait. */
  maxBatch = 256;
  /**
   * The epoch commands encoded now belong to: the open main encoder's, or a task's while it
   * encodes (see `runInTask`).
   */
  epoch = 1;
  /** Every epoch ≤ this has been submitted to the queue. */
  protected submitted = 0;
  private completed = 0;
  protected encoder: GPUCommandEncoder | null = null;
  protected pass: GPUComputePassEncoder | null = null;
  protected dispatches = 0;
  /** The task whose commands are being encoded (direct submits), or null. */
  protected direct: TaskStream | null = null;
  private waitPromise: Promise<void> | null = null;
  private waitTarget = 0;
  /** Error-scope results per submitted epoch (resolved to null when clean). */
  private checks = new Map<number, Promise<Error | null>>();
  private failed = new Map<number, Error>();
  /** Task epochs that failed (values derived from them are unusable). */
  protected failedTasks = new Map<number, Error>();
  /** The first error of an earlier submit nobody has seen yet (thrown by the next operation). */
  private pendingError: Error | null = null;
  protected lostReason: string | null = null;
  /** Work held back behind a running task, in program order. */
  private held: Held[] = [];
  private pumping: Promise<void> | null = null;
  private submitWaiters: { epoch: number; resolve: () => void }[] = [];
  submits = 0;
  tasks = 0;
  /** Reads inside tasks (loop predicates, cond indices), each one queue wait: tests count them. */
  taskReads = 0;
  /**
   * Most iterations a GPU-predicated while loop runs per predicate read when it runs speculative
   * chunks (while_chunks.ts).
   */
  loopChunkMax = 64;
  /**
   * A loop's chunk doubles only while the last one took less than this many times its fastest
   * predicate read (while_chunks.ts); Infinity makes chunk sizes independent of timing (tests).
   */
  loopChunkGrowth = 4;

  constructor(readonly device: GPUDevice) {
    device.lost.then((info) => {
      this.lostReason = `${info.reason ?? "unknown"}: ${info.message}`;
    });
  }

  /** Called after commands were submitted (deferred buffer destruction). */
  protected abstract afterSubmit(): void;

  /** Copies a buffer back for a task (see `TaskStream.read`). */
  abstract readForTask(st: TaskStream, buf: { epoch: number }, bytes: number): Promise<ArrayBuffer>;

  /**
   * Throws if the device was lost or an earlier submit failed (once per failure; not while a
   * task encodes, so a task never swallows an error meant for the program's caller).
   */
  check(): void {
    this.checkLost();
    if (this.pendingError && this.direct === null) {
      const e = this.pendingError;
      this.pendingError = null;
      throw e;
    }
  }

  /** Throws if the device was lost. */
  protected checkLost(): void {
    if (this.lostReason !== null) {
      throw new WebGpuError(
        `The WebGPU device was lost (${this.lostReason}); arrays on it are gone`,
      );
    }
  }

  /** Throws the error of a failed task that `dep` (a buffer's `dep`) derives from. */
  checkDep(dep: number): void {
    if (dep === 0 || this.failedTasks.size === 0) return;
    const e = this.failedTasks.get(dep);
    if (e) throw e;
  }

  protected ensureEncoder(): GPUCommandEncoder {
    if (this.encoder === null) {
      this.device.pushErrorScope("out-of-memory");
      this.device.pushErrorScope("validation");
      this.encoder = this.device.createCommandEncoder();
      this.dispatches = 0;
    }
    return this.encoder;
  }

  /** Pops the encoder's error scopes into a check (recording a failure under `epoch`). */
  private popChecks(epoch: number): Promise<Error | null> {
    const validation = this.device.popErrorScope();
    const oom = this.device.popErrorScope();
    return Promise.all([validation, oom]).then(([v, o]) => {
      const err = v ?? o;
      if (!err) return null;
      const e = new WebGpuError(
        `WebGPU ${v ? "validation" : "out-of-memory"} error: ${err.message}`,
      );
      this.failed.set(epoch, e);
      this.pendingError ??= e;
      return e;
    });
  }

  /**
   * Submits the open encoder (if any) without waiting. While a task runs, the main encoder's
   * commands are held back until it is done; a task's own commands are submitted at once.
   */
  flush(): void {
    if (this.encoder === null) return;
    if (this.pass !== null) {
      this.pass.end();
      this.pass = null;
    }
    const cb = this.encoder.finish();
    this.encoder = null;
    if (this.direct !== null) {
      const st = this.direct;
      const check = this.popChecks(st.epoch);
      this.device.queue.submit([cb]);
      this.submits++;
      st.addCheck(check);
      return;
    }
    const epoch = this.epoch++;
    const check = this.popChecks(epoch);
    if (this.pumping !== null) {
      this.held.push({ kind: "cmd", epoch, cb, check });
      return;
    }
    this.device.queue.submit([cb]);
    this.submits++;
    this.checks.set(epoch, check);
    this.markSubmitted(epoch);
  }

  private markSubmitted(epoch: number): void {
    if (epoch > this.submitted) this.submitted = epoch;
    if (this.submitWaiters.length > 0) {
      const ready = this.submitWaiters.filter((w) => w.epoch <= this.submitted);
      this.submitWaiters = this.submitWaiters.filter((w) => w.epoch > this.submitted);
      for (const w of ready) w.resolve();
    }
    this.afterSubmit();
  }

  /** Resolves once every epoch ≤ `epoch` has been submitted (at once unless work is held). */
  protected whenSubmitted(epoch: number): Promise<void> {
    if (epoch <= this.submitted) return Promise.resolve();
    return new Promise((resolve) => this.submitWaiters.push({ epoch, resolve }));
  }

  /** Whether commands of `epoch` may still be encoded or waiting for submission. */
  protected unsubmitted(epoch: number): boolean {
    return epoch > this.submitted;
  }

  /**
   * Enqueues an async task behind everything encoded so far; work encoded later is held until
   * it completes. Returns the task's epoch (buffers it writes are ready once it is complete).
   * The task starts at the earliest after the caller's synchronous code (a microtask later).
   */
  enqueueTask(run: (st: TaskStream) => Promise<void>): number {
    if (this.direct !== null) {
      throw new Error("internal: a WebGPU task enqueued another task instead of awaiting it");
    }
    this.flush();
    const epoch = this.epoch++;
    this.tasks++;
    this.held.push({ kind: "task", epoch, run });
    this.pumping ??= this.pump();
    return epoch;
  }

  /** Submits held work and runs tasks in order until nothing is held. */
  private async pump(): Promise<void> {
    await null; // let the caller finish encoding synchronously first
    while (this.held.length > 0) {
      const h = this.held.shift()!;
      if (h.kind === "cmd") {
        this.device.pushErrorScope("validation");
        this.device.queue.submit([h.cb]);
        const submitted = this.device.popErrorScope();
        this.submits++;
        const check = Promise.all([h.check, submitted]).then(([e, s]) => {
          if (e || !s) return e;
          const err = new WebGpuError(`WebGPU validation error: ${s.message}`);
          this.failed.set(h.epoch, err);
          this.pendingError ??= err;
          return err;
        });
        this.checks.set(h.epoch, check);
        this.markSubmitted(h.epoch);
        continue;
      }
      const st = new TaskStream(this, h.epoch);
      try {
        await h.run(st);
        await st.settle();
      } catch (e) {
        const err = e instanceof Error ? e : new WebGpuError(String(e));
        this.failed.set(h.epoch, err);
        this.failedTasks.set(h.epoch, err);
        this.pendingError ??= err;
      }
      this.markSubmitted(h.epoch);
    }
    this.pumping = null;
  }

  /** See `TaskStream.run`: swaps the main encoder out while a task encodes. */
  runInTask<T>(st: TaskStream, fn: () => T): T {
    if (this.direct === st) return fn();
    if (this.direct !== null) throw new Error("internal: nested WebGPU tasks");
    const saved = [this.encoder, this.pass, this.dispatches, this.epoch] as const;
    this.encoder = null;
    this.pass = null;
    this.dispatches = 0;
    this.epoch = st.epoch;
    this.direct = st;
    try {
      return fn();
    } finally {
      try {
        this.flush();
      } finally {
        this.direct = null;
        [this.encoder, this.pass, this.dispatches, this.epoch] = saved;
      }
    }
  }

  /**
   * Resolves when every command of epochs ≤ `epoch` has run; rejects if the commands of `epoch`
   * itself failed (a validation error invalidates its whole submit) or it derives from a failed
   * task (`dep`).
   */
  async waitFor(epoch: number, dep = 0): Promise<void> {
    if (epoch >= this.epoch) this.flush();
    await this.whenSubmitted(epoch);
    if (epoch > this.completed) {
      if (this.waitPromise === null || this.waitTarget < epoch) {
        const target = this.submitted;
        this.waitTarget = target;
        this.waitPromise = this.device.queue.onSubmittedWorkDone().then(() => {
          if (this.completed < target) this.completed = target;
        });
      }
      await this.waitPromise;
    }
    await this.settle(epoch);
    this.throwIfFailed(epoch, dep);
    if (this.lostReason !== null) this.check();
  }

  /** Records that every epoch ≤ `epoch` has run (a map of a buffer it wrote completed). */
  protected markCompleted(epoch: number): void {
    if (epoch > this.completed) this.completed = epoch;
  }

  /** Awaits the error checks of epochs ≤ `epoch`. */
  protected async settle(epoch: number): Promise<void> {
    for (const [e, check] of this.checks) {
      if (e > epoch) continue;
      await check;
      this.checks.delete(e);
    }
  }

  /** Throws the error of a failed epoch (once reported this way, no longer pending). */
  protected throwIfFailed(...epochs: number[]): void {
    for (const e of epochs) {
      const err = this.failed.get(e);
      if (err) {
        if (this.pendingError === err) this.pendingError = null;
        throw err;
      }
    }
  }

  /** Whether the values of a buffer written in `epoch` have certainly been computed. */
  isDone(epoch: number): boolean {
    return epoch <= this.completed;
  }
}
