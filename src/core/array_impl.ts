/**
 * `ArrayImpl`: a concrete array, a buffer on one device (JAX's `ArrayImpl`). Buffers are
 * released when the array is deleted (`x.delete()`, `using`) or garbage collected.
 */

import { ShapedArray } from "./aval.ts";
import { DeviceArray } from "./array.ts";
import type { Device } from "../backend/backend.ts";
import { defaultDevice } from "../backend/devices.ts";
import { allocTyped, type DType, type TypedArray } from "../dtype.ts";
import { TracerArrayConversionError } from "../errors.ts";

interface Held {
  device: Device;
  buf: unknown;
}

/** Releases buffers of collected arrays on backends that pool device memory. */
const collector = new FinalizationRegistry<Held>((held) => held.device.backend.release?.(held.buf));

export class ArrayImpl extends DeviceArray {
  #aval: ShapedArray;
  #buf: unknown;
  /**
   * Committed arrays were placed on their device explicitly (`devicePut(x, device)`); an operation
   * mixing committed arrays of two devices is an error, as in JAX.
   */
  readonly committed: boolean;
  readonly device: Device;

  constructor(aval: ShapedArray, device: Device, buf: unknown, committed = false) {
    super();
    this.#aval = aval;
    this.#buf = buf;
    this.device = device;
    this.committed = committed;
    if (device.backend.release) collector.register(this, { device, buf }, this);
  }

  get aval(): ShapedArray {
    return this.#aval;
  }

  /** The backend buffer; an error once the array is deleted. */
  get buffer(): unknown {
    if (this.#buf === null) {
      throw new Error(`Array has been deleted with shape=${this.#aval.strLong()}.`);
    }
    return this.#buf;
  }

  /** Frees the buffer now (JAX's `x.delete()`); later use of the array is an error. */
  override delete(): void {
    if (this.#buf === null) return;
    const buf = this.#buf;
    this.#buf = null;
    if (this.device.backend.release) {
      collector.unregister(this);
      this.device.backend.release(buf);
    }
  }

  /** Whether `delete()` was called. */
  override isDeleted(): boolean {
    return this.#buf === null;
  }

  /** The devices this array lives on, as JAX's `x.devices()`. */
  devices(): Set<Device> {
    return new Set([this.device]);
  }

  data(): Promise<TypedArray> {
    try {
      return this.device.backend.read(this.buffer, this.#aval);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * The values, synchronously, where they are on the host already (always on the CPU backend);
   * on WebGPU use `await x.data()`. Returns the array's own storage: do not modify it.
   */
  dataSync(): TypedArray {
    const d = this.device.backend.readSync(this.buffer, this.#aval);
    if (d === null) {
      throw new Error(
        `The values of this ${this.#aval.strLong()} array are on ${this.device} and not on the ` +
          `host yet: use \`await x.data()\` (or \`await x.blockUntilReady()\` first).`,
      );
    }
    return d;
  }

  /** The host values if available without waiting, else null (printing uses this). */
  peek(): TypedArray | null {
    if (this.#buf === null) return null;
    return this.device.backend.readSync(this.#buf, this.#aval);
  }

  async blockUntilReady(): Promise<this> {
    await this.device.backend.ready(this.buffer);
    return this;
  }

  [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string") return this.toString();
    if (this.size !== 1) {
      throw new TypeError(
        `only size-1 arrays can be converted to JS numbers, got an array of shape ` +
          `${this.#aval.strLong()}`,
      );
    }
    return this.dataSync()[0];
  }
}

/** Wraps host data as an array on `device` (the default device if omitted). */
export function fromHostData(
  data: TypedArray,
  shape: readonly number[],
  dtype: DType,
  weak = false,
  device?: Device,
  committed = false,
): ArrayImpl {
  const dev = device ?? defaultDevice();
  const aval = new ShapedArray(shape, dtype, weak);
  return new ArrayImpl(aval, dev, dev.backend.fromHost(data, aval), committed);
}

/** A 0-d array holding `value` (already a valid value of `dtype`). */
export function scalarArray(value: number, dtype: DType, weak: boolean): ArrayImpl {
  const data = allocTyped(dtype, 1);
  data[0] = value;
  return fromHostData(data, [], dtype, weak);
}

/** Raised when a function that needs a concrete array receives something else. */
export function requireConcrete(x: DeviceArray, what: string): ArrayImpl {
  if (x instanceof ArrayImpl) return x;
  throw new TracerArrayConversionError(
    `${what} needs a concrete array, but got a traced value with shape ${x.aval.strLong()}.`,
  );
}
