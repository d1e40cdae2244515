import type * as pulumi from "@pulumi/pulumi";

/**
 * What writes to a log group, which decides what an application error looks like there:
 * - `lambda`: a function's JSON logs (Powertools Logger lines and the runtime's own, `level` field);
 * - `ecs`: a task's container logs through awslogs (Powertools Logger JSON lines, `level` field);
 * - `api`: an API Gateway stage's JSON access log (`status` field);
 * - `states`: a Step Functions state machine's execution history events (`type` field).
 */
export type LogSource = "lambda" | "ecs" | "api" | "states";

/**
 * A log group a component writes to, exposed (by `logGroups()`) so that ObservabilityStack can
 * watch it for application errors without reaching inside the component.
 */
export interface LogGroupRef {
  /** Stable id, unique within the component, whatever its name (`consumer`, `api-access`). */
  id: string;
  /** The log group's name. */
  name: pulumi.Output<string>;
  source: LogSource;
}
