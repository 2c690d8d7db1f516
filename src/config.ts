/**
 * Global configuration, JAX's `jax.config`: `config.update("jax_threefry_partitionable", true)`.
 * Unknown names are an error, as in JAX.
 */

import { ValueError } from "./errors.ts";

/**
 * The options jaxscript understands, with their types (`config.update(name, value)`).
 *
 * @example
 * ```ts
 * import { config, type ConfigValues } from "@jaxscript/jaxscript";
 * const repr: ConfigValues["jax_array_repr"] = config.read("jax_array_repr"); // "DeviceArray"
 * ```
 */
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
 * The configuration object's interface (the type of `config`).
 *
 * @example
 * ```ts
 * import { type Config, config } from "@jaxscript/jaxscript";
 * const c: Config = config;
 * c.jax_threefry_partitionable; // false
 * ```
 */
export interface Config {
  /** Sets an option; unknown names and values of the wrong type are errors, as in JAX. */
  update<K extends keyof ConfigValues>(name: K, value: ConfigValues[K]): void;
  /** Reads an option. */
  read<K extends keyof ConfigValues>(name: K): ConfigValues[K];
  /** The current value of `jax_threefry_partitionable`. */
  readonly jax_threefry_partitionable: boolean;
  /** The current value of `jax_array_repr`. */
  readonly jax_array_repr: "DeviceArray" | "Array";
}

/**
 * Global configuration, JAX's `jax.config`: `config.update(name, value)` sets an option (see
 * `ConfigValues`), `config.read(name)` reads one. Unknown names are an error, as in JAX.
 *
 * @example
 * ```ts
 * import { config, jnp } from "@jaxscript/jaxscript";
 * config.update("jax_array_repr", "Array"); // print as JAX >= 0.4 does:
 * console.log(jnp.arange(3)); // Array([0, 1, 2], dtype=int32)
 * config.update("jax_array_repr", "DeviceArray");
 * ```
 */
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
