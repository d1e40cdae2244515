/**
 * The workflow step (Step Functions task, invoked through arn:aws:states:::lambda:invoke with
 * the EventBridge event as its payload). Pure: no AWS calls, so no environment beyond
 * POWERTOOLS_SERVICE_NAME. Throws an error named "InvalidWorkflowInput" for invalid input.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { instrumented } from "../shared/powertools";
import { InvalidWorkflowInputError, runWorkflowStep, type WorkflowStepResult } from "./step";

const logger = new Logger();

export const handler = instrumented({ logger }, async (event: unknown): Promise<WorkflowStepResult> => {
  try {
    const result = runWorkflowStep(event);
    logger.info("record classified", {
      eventId: result.eventId,
      classification: result.classification,
      ingestionLagMs: result.ingestionLagMs,
    });
    return result;
  } catch (error) {
    if (error instanceof InvalidWorkflowInputError) logger.warn("invalid workflow input", { issues: error.issues });
    throw error;
  }
});
