/** Reads the handlers' configuration from the environment, failing at start with the variable's name. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`environment variable ${name} is required and is not set`);
  return value;
}

export function optionalEnv(name: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}

/** A key prefix without leading or trailing slashes ("raw/changes/" → "raw/changes"). */
export function keyPrefix(value: string): string {
  return value.replace(/^\/+|\/+$/g, "");
}
