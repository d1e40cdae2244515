import { dataCases } from "./cases/data";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("data", dataCases);
