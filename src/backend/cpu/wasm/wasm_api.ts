/**
 * The part of the WebAssembly JavaScript API the CPU backend uses, typed here: the Node build
 * (tsconfig.build.json) compiles without the DOM lib, and @types/node 20 does not declare the
 * `WebAssembly` namespace. At run time this is the global `WebAssembly` (undefined where a
 * runtime has none; the backend then uses its JavaScript kernels).
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** A compiled module (opaque; it can be posted to workers). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
