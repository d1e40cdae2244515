import { networkCases } from "./cases/network";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("network", networkCases);
