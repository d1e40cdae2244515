import { analyticsCases } from "./cases/analytics";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("analytics", analyticsCases);
