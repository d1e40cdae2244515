import { storageCases } from "./cases/storage";
import { describeRuleCases } from "./rule-cases";

describeRuleCases("storage", storageCases);
