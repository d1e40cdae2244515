/**
 * What every long-running container program of the platform does around its work loop (the
 * change task, the data processor): stop on the signals ECS and a person send, and fail as one
 * JSON line with exit code 1.
 */

/**
 * Aborted on the first SIGTERM (ECS stopping the task, a Fargate Spot interruption) or SIGINT:
 * the work loop stops receiving and finishes what it holds.
 */
export function stopSignal(logger: { info(message: string, extra: Record<string, unknown>): void }): AbortSignal {
  const stop = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      logger.info("stopping", { signal });
      stop.abort();
    });
  }
  return stop.signal;
}

/** Runs `main`; a failure is written as one JSON line (`<name> failed`) and sets exit code 1. */
export function runProgram(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(
      JSON.stringify({
        level: "ERROR",
        message: `${name} failed`,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    process.exitCode = 1;
  });
}
