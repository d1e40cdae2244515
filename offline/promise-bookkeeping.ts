/**
 * Pulumi's runtime passes every promise it makes through `debuggablePromise`
 * (@pulumi/pulumi/runtime/debuggable.js), which stamps it with `new Error().stack` for the report
 * of promises still pending when a program exits. Capturing and formatting those stacks was about
 * 40% of an offline plan (the stacks of nested components are deep, and a plan makes thousands of
 * promises), and an offline plan never reports them: it waits for every registration to finish.
 *
 * The offline engine replaces that one function with the same bookkeeping minus the stack: the
 * promise keeps its id and context and stays a leak candidate until it settles, and a rejection
 * still carries its promise. Every caller in the runtime reads the function from the module's
 * exports at call time, so the replacement takes effect everywhere; tests/offline hold that true
 * for the pinned @pulumi/pulumi.
 */
// The runtime's own module objects: an ES import would hand back a copy of their exports.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: DebuggablePromise };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates: Set<Promise<unknown>> } };

type DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => Promise<T>;

export const UNRECORDED_STACK = "(not recorded by the offline engine)";

let nextId = 0;

const withoutStack: DebuggablePromise = <T>(p: Promise<T>, ctx: unknown) => {
  const leakCandidates = state.getStore().leakCandidates;
  // Non-enumerable, as the runtime makes them.
  void Object.defineProperties(p, {
    _debugId: { writable: true, value: nextId++ },
    _debugCtx: { writable: true, value: ctx },
    _debugStackTrace: { writable: true, value: UNRECORDED_STACK },
  });
  leakCandidates.add(p);
  return p.then(
    (value) => {
      leakCandidates.delete(p);
      return value;
    },
    (err: unknown) => {
      leakCandidates.delete(p);
      if (err && typeof err === "object") (err as { promise?: unknown }).promise = p;
      throw err;
    },
  );
};

/** Installs the stackless bookkeeping in this process (idempotent). */
export function skipPromiseStacks(): void {
  debuggable.debuggablePromise = withoutStack;
}

export const promiseBookkeeping = { isInstalled: () => debuggable.debuggablePromise === withoutStack };
