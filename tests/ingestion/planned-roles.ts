/** Reading IAM roles out of a planned stack, for the suites that check what a role may do. */
import { OFFLINE_ACCOUNT_ID } from "../../offline/aws-partition";
import type { RecordedResource } from "../../offline/graph";
import { statementsOf, type Statement } from "../../policy/rules/helpers";
import type { PlannedStack } from "../support/shared-plan";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const PIPE = "aws:pipes/pipe:Pipe";

/** The role an ARN names (roles are auto-named: the ARN ends with the role's physical name). */
export function roleByArn(plan: PlannedStack, arn: string): RecordedResource {
  const role = plan.graph.ofType(ROLE).find((r) => arn === `arn:aws:iam::${OFFLINE_ACCOUNT_ID}:role/${r.inputs.name}`);
  if (!role) throw new Error(`no role ${arn} in ${plan.stack}`);
  return role;
}

/** The statements of every inline policy on a role. */
export const roleStatements = (plan: PlannedStack, role: RecordedResource): Statement[] =>
  plan.graph
    .ofType(ROLE_POLICY)
    .filter((p) => p.inputs.role === role.id || p.inputs.role === role.inputs.name)
    .flatMap((p) => statementsOf(p.inputs.policy));

/** The stacks that process the table's changes (those with the change pipe: the primary, which owns the global table). */
export const changeProcessingStacks = (stacks: readonly PlannedStack[]): PlannedStack[] =>
  stacks.filter((plan) => plan.graph.ofType(PIPE).length > 0);
