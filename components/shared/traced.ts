import type * as pulumi from "@pulumi/pulumi";

/** What kind of X-Ray segment a traced resource writes. */
export type TracedKind = "lambda" | "api" | "states";

/**
 * A resource that writes X-Ray segments, exposed (by `tracedResources()`) so that
 * ObservabilityStack can put a component's traces in an X-Ray group of its own.
 */
export interface TracedResource {
  kind: TracedKind;
  /**
   * The name its segments carry: a Lambda function's name, an API Gateway stage's
   * `<rest api name>/<stage name>`, a Step Functions state machine's name.
   */
  name: pulumi.Input<string>;
}
