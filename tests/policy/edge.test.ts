import { dnsCases } from "./cases/dns";
import { edgeCases } from "./cases/edge";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("edge", [...edgeCases, ...dnsCases]);
