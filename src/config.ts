/**
 * Global configuration, JAX's `jax.config`: `config.update("jax_threefry_partitionable", true)`.
 * Unknown names are an error, as in JAX.
 */

import { ValueError } from "./errors.ts";

/** The options jaxscript understands, with their defaults. */
export interface ConfigValues {
  /** Use JAX ≥ 0.5's partitionable threefry bit generation (default: the original scheme). */
  jax_threefry_partitionable: boolean;
  /** 64-bit types are not supported; setting this to true is an error. */
  jax_enable_x64: boolean;
  /** How arrays print: "DeviceArray(...)" (jax 0.3, the default) or "Array(...)" (jax ≥ 0.4). */
  jax_array_repr: "DeviceArray" | "Array";
}

const values: ConfigValues = {
  jax_threefry_partitionable: false,
  jax_enable_x64: false,
  jax_array_repr: "DeviceArray",
};

/**
 * JAX's `jax.config`.
 *
 * @example
 * ```ts
 * import { config } from "./mod.ts";
 * config.update("jax_threefry_partitionable", true);
 * ```
 */
/** The configuration object's interface. */
export interface Config {
  update<K extends keyof ConfigValues>(name: K, value: ConfigValues[K]): void;
  read<K extends keyof ConfigValues>(name: K): ConfigValues[K];
  readonly jax_threefry_partitionable: boolean;
  readonly jax_array_repr: "DeviceArray" | "Array";
}

export const config: Config = {
  /** Sets an option. */
  update<K extends keyof ConfigValues>(name: K, value: ConfigValues[K]): void {
    if (!(name in values)) throw new ValueError(`Unrecognized config option: ${String(name)}`);
    if (name === "jax_enable_x64" && value) {
      throw new ValueError("jaxscript has no 64-bit types: jax_enable_x64 cannot be enabled");
    }
    if (name === "jax_array_repr" && value !== "DeviceArray" && value !== "Array") {
      throw new ValueError(`jax_array_repr must be "DeviceArray" or "Array", got ${String(value)}`);
    }
    if (typeof value !== typeof values[name]) {
      throw new TypeError(`config option ${name} expects a ${typeof values[name]}`);
    }
    values[name] = value;
  },
  /** Reads an option. */
  read<K extends keyof ConfigValues>(name: K): ConfigValues[K] {
    if (!(name in values)) throw new ValueError(`Unrecognized config option: ${String(name)}`);
    return values[name];
  },
  get jax_threefry_partitionable(): boolean {
    return values.jax_threefry_partitionable;
  },
  get jax_array_repr(): "DeviceArray" | "Array" {
    return values.jax_array_repr;
  },
};
