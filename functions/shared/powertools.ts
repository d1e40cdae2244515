/**
 * Powertools for AWS Lambda, wired the same way in every handler without decorators or middy:
 * the Lambda context on every log line, a cold-start metric, an X-Ray subsegment for the
 * invocation (when tracing is on), and the metrics flushed (as EMF log lines) at the end.
 */
import type { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import type { Context } from "aws-lambda";

/** The namespace of the functions' custom metrics unless POWERTOOLS_METRICS_NAMESPACE says otherwise. */
export const DEFAULT_METRICS_NAMESPACE = "TwinRegion/Ingestion";

export const metricsNamespace = (): string => process.env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE;

export interface Tools {
  logger: Logger;
  metrics?: Metrics;
  tracer?: Tracer;
}

export function instrumented<E, R>(
  tools: Tools,
  fn: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  const { logger, metrics, tracer } = tools;
  return async (event, context) => {
    logger.addContext(context);
    metrics?.captureColdStartMetric();
    const segment = tracer?.isTracingEnabled() ? tracer.getSegment() : undefined;
    const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? "index.handler"}`);
    if (tracer && subsegment) {
      tracer.setSegment(subsegment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      return await fn(event, context);
    } catch (error) {
      if (subsegment) tracer?.addErrorAsMetadata(error as Error);
      logger.error("invocation failed", error as Error);
      throw error;
    } finally {
      subsegment?.close();
      if (tracer && segment) tracer.setSegment(segment);
      metrics?.publishStoredMetrics();
    }
  };
}
