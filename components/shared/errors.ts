/**
 * An arg a component cannot accept: the message names the component and the arg, then says what
 * is wrong with the value (quoted) and what is allowed, e.g.
 * `RegionalNetwork: availabilityZoneCount: 4 is not 2 or 3`.
 */
export class InvalidArgError extends Error {
  override name = "InvalidArgError";
  constructor(
    readonly component: string,
    readonly arg: string,
    problem: string,
  ) {
    super(`${component}: ${arg}: ${problem}`);
  }
}

export const invalidArg = (component: string, arg: string, problem: string) =>
  new InvalidArgError(component, arg, problem);

/**
 * Runs a component's validation and names the component in whatever it rejects: every
 * validation error reads `<Component>: <arg>: <problem>`.
 */
export function validating<T>(component: string, validate: () => T): T {
  try {
    return validate();
  } catch (e) {
    if (e instanceof Error && !e.message.startsWith(`${component}: `)) e.message = `${component}: ${e.message}`;
    throw e;
  }
}
