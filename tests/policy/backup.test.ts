import { backupCases } from "./cases/backup";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("backup", backupCases);
