/**
 * Issue 13, "Log groups": every function, task, API stage and state machine of both stacks (as
 * `npm start` planned them: the shared plan) logs to a log group of its stack that keeps its events
 * for a set time and is encrypted with the platform CMK of the group's region.
 */
import { describe, expect, it } from "vitest";
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { sharedPlan, type PlannedStack } from "../support/shared-plan";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

/** The platform CMK's ARN per region, from whichever stack creates it. */
function platformKeys(stacks: PlannedStack[]): Record<string, string> {
  const keys = stacks.flatMap((s) => s.graph.ofType("aws:kms/key:Key").filter((k) => k.name.endsWith("-platform-key")));
  return Object.fromEntries(keys.map((k) => [k.region, `arn:aws:kms:${k.region}:${OFFLINE_ACCOUNT_ID}:key/${k.id}`]));
}

/** The log group's name in a log-group ARN (`arn:aws:logs:<region>:<account>:log-group:<name>[:*]`). */
const nameInArn = (arn: unknown) => (typeof arn === "string" ? /:log-group:(.+?)(:\*)?$/.exec(arn)?.[1] : undefined);

interface Writer {
  writer: string;
  group: string | undefined;
  region: string;
}

/** Who writes to which log group: functions, task containers, API stages (access and execution logs), state machines. */
function writers(stack: PlannedStack): Record<"function" | "task" | "stage" | "state machine", Writer[]> {
  const of = (type: string) => stack.graph.ofType(type);
  const label = (r: RecordedResource, what = "") => `${stack.stack}: ${r.type} "${r.name}"${what}`;
  return {
    function: of("aws:lambda/function:Function").map((fn) => ({
      writer: label(fn),
      group: fn.inputs.loggingConfig?.logGroup ?? `/aws/lambda/${fn.inputs.name}`,
      region: fn.region,
    })),
    task: of("aws:ecs/taskDefinition:TaskDefinition").flatMap((task) =>
      (JSON.parse(task.inputs.containerDefinitions) as any[]).map((c) => ({
        writer: label(task, ` container "${c.name}" (${c.logConfiguration?.logDriver ?? "no log driver"})`),
        group: c.logConfiguration?.logDriver === "awslogs" ? c.logConfiguration.options?.["awslogs-group"] : undefined,
        region: c.logConfiguration?.options?.["awslogs-region"] ?? task.region,
      })),
    ),
    stage: of("aws:apigateway/stage:Stage").flatMap((stage) => [
      {
        writer: label(stage, " access log"),
        group: nameInArn(stage.inputs.accessLogSettings?.destinationArn),
        region: stage.region,
      },
      {
        writer: label(stage, " execution log"),
        group: `API-Gateway-Execution-Logs_${stage.inputs.restApi}/${stage.inputs.stageName}`,
        region: stage.region,
      },
    ]),
    "state machine": of("aws:sfn/stateMachine:StateMachine").map((m) => ({
      writer: label(m),
      group: nameInArn(m.inputs.loggingConfiguration?.logDestination),
      region: m.region,
    })),
  };
}

describe("log groups of everything that logs, in both stacks (shared plan)", () => {
  const { primary, secondary } = sharedPlan();
  const keys = platformKeys([primary, secondary]);

  it("knows the platform CMK of both regions", () => {
    expect(Object.keys(keys).sort()).toEqual([primary.region, secondary.region].sort());
  });

  for (const stack of [primary, secondary]) {
    const all = writers(stack);
    for (const [kind, list] of Object.entries(all)) {
      it(`${stack.stack}: every ${kind} logs to a log group of the stack with a retention and the CMK of its region`, () => {
        expect(list.length, `${stack.stack} has no ${kind}`).toBeGreaterThan(0);
        const problems = list.flatMap(({ writer, group, region }) => {
          if (!group) return [`${writer} names no log group`];
          const found = stack.graph.ofType(LOG_GROUP).find((g) => g.inputs.name === group && g.region === region);
          if (!found) return [`${writer} logs to "${group}" (${region}), which the stack does not create`];
          const out: string[] = [];
          const days = Number(found.inputs.retentionInDays);
          if (!(days > 0)) out.push(`${writer}: log group "${found.name}" never expires`);
          if (found.inputs.kmsKeyId !== keys[region])
            out.push(
              `${writer}: log group "${found.name}" is encrypted with ${found.inputs.kmsKeyId ?? "no CMK"}, not ${keys[region]}`,
            );
          return out;
        });
        expect(problems).toEqual([]);
      });
    }
  }
});
