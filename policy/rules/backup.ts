/**
 * AWS Backup rules (registered in the `data` group), beside the ones in policy/rules/data.ts
 * (backup-plan-retention, backup-vault-cmk, data-store-backup-coverage): every plan copies its
 * recovery points to another region, a selection says what it backs up instead of everything, and
 * a vault lock is one AWS accepts and the plans writing into the vault can satisfy.
 */
import { BACKUP_BASELINE } from "../baseline/data";
import { BACKUP_PLAN, BACKUP_SELECTION } from "./data";
import { asArray, label, regionOf, resourceRule, stackRule } from "./helpers";
import type { StackResourceView, StackViolation } from "./types";

export const BACKUP_VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const BACKUP_VAULT = "aws:backup/vault:Vault";

/** The region of a backup vault ARN, or undefined when the value is not (yet) one. */
const vaultArnRegion = (value: unknown): string | undefined =>
  typeof value === "string" ? /^arn:[^:]+:backup:([^:]+):[^:]*:backup-vault:/.exec(value)?.[1] : undefined;

const ruleLabel = (rule: any, i: number) => (rule?.ruleName ? `"${rule.ruleName}"` : String(i));

/** What a locked vault accepts: recovery points kept between min and max days (unset deleteAfter: kept forever). */
function lockProblem(
  deleteAfter: unknown,
  lock: { min?: number; max?: number },
  what: string,
  vault: string,
): string | undefined {
  const days = typeof deleteAfter === "number" ? deleteAfter : undefined;
  if (lock.min !== undefined && days !== undefined && days < lock.min)
    return `${what} keeps recovery points ${days} days, fewer than the lock's minRetentionDays ${lock.min} of vault ${vault}: AWS fails every such job`;
  if (lock.max !== undefined && (days === undefined || days > lock.max))
    return `${what} keeps recovery points ${days === undefined ? "until deleted" : `${days} days`}, more than the lock's maxRetentionDays ${lock.max} of vault ${vault}: AWS fails every such job`;
  return undefined;
}

export const backupRules = [
  resourceRule({
    name: "backup-plan-cross-region-copy",
    description:
      "[Backup: cross-Region copy, AWS Well-Architected REL09-BP02] Every AWS Backup plan copies its recovery points to a vault in another region (a rule's copyActions[].destinationVaultArn), so a regional outage or a lost vault does not take the backups with it.",
    group: "data",
    // Advisory: the primary may be deployed alone, as a single-region system with no peer to copy to
    // (shared/ARCHITECTURE.md); a pair's pack config can make it mandatory.
    enforcementLevel: "advisory",
    severity: "high",
    resourceTypes: [BACKUP_PLAN],
    remediation:
      "Add copyActions to the plan's rules with destinationVaultArn set to a vault in the peer region (createBackup's copyTo).",
    check: (r) => {
      const region = regionOf(r);
      const copies = asArray<any>(r.props.rules).flatMap((rule) => asArray<any>(rule?.copyActions));
      // A destination not known yet (an output of another resource at preview) gets the benefit of the doubt.
      if (copies.some((c) => typeof c?.destinationVaultArn !== "string")) return undefined;
      const regions = copies.map((c) => vaultArnRegion(c.destinationVaultArn));
      if (regions.some((to) => to !== undefined && to !== region)) return undefined;
      return copies.length
        ? `${label(r)} copies only within ${region ?? "its region"} (${copies.map((c) => c.destinationVaultArn).join(", ")}); copy to a vault in another region`
        : `${label(r)} has no rule with copyActions: its recovery points stay in ${region ?? "its region"}`;
    },
  }),
  resourceRule({
    name: "backup-selection-scoped",
    description:
      "An AWS Backup selection names what it backs up: resource ARNs or patterns, or tags; `*` in resources only with conditions that narrow it (resources and tags are OR-ed, so `*` with selectionTags still selects every supported resource of the region, other teams' data included).",
    group: "data",
    severity: "medium",
    resourceTypes: [BACKUP_SELECTION],
    remediation:
      "List the stores' ARNs in resources (or a pattern such as arn:aws:ec2:<region>:<account>:volume/*), or select by selectionTags; keep `*` only together with conditions on tags.",
    check: (r) => {
      const resources = asArray<unknown>(r.props.resources);
      const tags = asArray<unknown>(r.props.selectionTags);
      const conditions = asArray<any>(r.props.conditions).filter((c) =>
        ["stringEquals", "stringLikes", "stringNotEquals", "stringNotLikes"].some((k) => asArray(c?.[k]).length > 0),
      );
      // An absent list may be one not known yet at preview; an empty one is a decision.
      if (Array.isArray(r.props.resources) && !resources.length && !tags.length && !conditions.length)
        return `${label(r)} names no resources, tags or conditions: say what it backs up`;
      if (resources.includes("*") && !conditions.length)
        return `${label(r)} selects resources "*" with no conditions: every resource AWS Backup supports in the region`;
      return undefined;
    },
  }),
  stackRule({
    name: "backup-vault-lock-retention",
    description:
      "An AWS Backup vault lock is one AWS accepts (changeableForDays at least 3, minRetentionDays at least 1 and not above maxRetentionDays), and every plan rule and copy that writes into the locked vault keeps recovery points within its minimum and maximum retention: AWS fails the jobs that do not.",
    group: "data",
    severity: "high",
    remediation:
      "Set the plan rules' lifecycle.deleteAfter (and copyActions' lifecycle) between the lock's minRetentionDays and maxRetentionDays, or change the lock before it becomes immutable.",
    check: (stack) => {
      const plans = stack.ofType(BACKUP_PLAN);
      return stack.ofType(BACKUP_VAULT_LOCK).flatMap((lock): StackViolation[] => {
        const p = lock.props;
        const vaultName = p.backupVaultName;
        const vault = stack
          .ofType(BACKUP_VAULT)
          .find((v) => lock.propertyDependencies.backupVaultName?.includes(v.urn) || v.props.name === vaultName);
        const vaultArn = vault?.props.arn ?? p.backupVaultArn;
        const vaultLabel = typeof vaultName === "string" ? `"${vaultName}"` : vault ? `"${vault.name}"` : "(unknown)";
        const min = typeof p.minRetentionDays === "number" ? p.minRetentionDays : undefined;
        const max = typeof p.maxRetentionDays === "number" ? p.maxRetentionDays : undefined;
        const messages: string[] = [];
        if (
          typeof p.changeableForDays === "number" &&
          p.changeableForDays < BACKUP_BASELINE.vaultLock.minChangeableForDays
        )
          messages.push(
            `${label(lock)} has changeableForDays ${p.changeableForDays}, fewer than AWS's ${BACKUP_BASELINE.vaultLock.minChangeableForDays}-day cooling-off period: AWS rejects it`,
          );
        if (min !== undefined && min < BACKUP_BASELINE.vaultLock.minRetentionDays)
          messages.push(
            `${label(lock)} has minRetentionDays ${min}, fewer than AWS's minimum ${BACKUP_BASELINE.vaultLock.minRetentionDays}`,
          );
        if (min !== undefined && max !== undefined && min > max)
          messages.push(`${label(lock)} has minRetentionDays ${min} above maxRetentionDays ${max}`);
        const writesHere = (plan: StackResourceView, rule: any) =>
          rule?.targetVaultName === vaultName ||
          (vault !== undefined &&
            rule?.targetVaultName === undefined &&
            plan.propertyDependencies.rules?.includes(vault.urn));
        for (const plan of plans) {
          asArray<any>(plan.props.rules).forEach((rule, i) => {
            if (writesHere(plan, rule)) {
              const m = lockProblem(
                rule?.lifecycle?.deleteAfter,
                { min, max },
                `${label(plan)} rule ${ruleLabel(rule, i)}`,
                vaultLabel,
              );
              if (m) messages.push(m);
            }
            for (const copy of asArray<any>(rule?.copyActions)) {
              if (typeof vaultArn === "string" && copy?.destinationVaultArn === vaultArn) {
                const m = lockProblem(
                  copy?.lifecycle?.deleteAfter,
                  { min, max },
                  `${label(plan)} rule ${ruleLabel(rule, i)}'s copy`,
                  vaultLabel,
                );
                if (m) messages.push(m);
              }
            }
          });
        }
        return messages.map((message) => ({ message, urn: lock.urn }));
      });
    },
  }),
];
