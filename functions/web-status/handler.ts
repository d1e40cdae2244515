/**
 * The web status function: the Lambda target of ResilientWebTier's Application Load Balancer
 * (a target group of type `lambda`, multi-value headers off). GET and HEAD answer 200 with
 * `{ region, role, service, time, requestId }` as JSON, any other method 405; no AWS calls.
 *
 * Environment (names in ./environment.ts):
 *   PLATFORM_ROLE            (required) "primary" or "secondary"
 *   AWS_REGION               (set by Lambda) the region it reports
 *   POWERTOOLS_SERVICE_NAME  (default "web-status") the service it reports
 * A missing or wrong variable fails the invocation naming it (the load balancer answers 502).
 * An event that is not an ALB request fails the invocation with an error named "InvalidAlbEvent".
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { ALBResult } from "aws-lambda";
import { instrumented } from "../shared/powertools";
import { InvalidAlbEventError, statusConfigFromEnv, statusResponse } from "./status";

const logger = new Logger();

export const handler = instrumented({ logger }, async (event: unknown, context): Promise<ALBResult> => {
  try {
    const response = statusResponse(event, statusConfigFromEnv(), { requestId: context.awsRequestId });
    const request = event as { httpMethod: string; path?: unknown };
    logger.info("status request", {
      method: request.httpMethod,
      path: typeof request.path === "string" ? request.path : undefined,
      statusCode: response.statusCode,
    });
    return response;
  } catch (error) {
    if (error instanceof InvalidAlbEventError) logger.warn("not an ALB request", { issues: error.issues });
    throw error;
  }
});
