/**
 * What the handlers' logic needs of a logger. Powertools' Logger fits it; tests pass nothing
 * (a silent sink) or a recorder.
 */
export interface LogSink {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: Record<string, unknown>[]): void;
}

const nothing = () => undefined;
export const SILENT: LogSink = { debug: nothing, info: nothing, warn: nothing, error: nothing };

/** The fields worth logging from an AWS SDK error (never the request, which may hold data). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const e = error as Error & { $metadata?: { httpStatusCode?: number; requestId?: string } };
  return {
    errorName: e.name,
    errorMessage: e.message,
    httpStatusCode: e.$metadata?.httpStatusCode,
    requestId: e.$metadata?.requestId,
  };
}
