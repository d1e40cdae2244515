import { edgeCases } from "./cases/edge";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("edge", edgeCases);
