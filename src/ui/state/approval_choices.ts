/** The answers an approval request offers, with their keys (y, a, n) and labels. */
import type { AgentEventBody } from "../../protocol.ts";

type Request = Extract<AgentEventBody, { type: "approval_request" }>;

/** One answer on screen. */
export interface ApprovalChoice {
  value: "allow_once" | "allow_always" | "reject_once";
  key: "y" | "a" | "n";
  label: string;
}

/** Yes (y), Yes always for the scope (a) when offered, No (n). */
export function approvalChoices(request: Request): ApprovalChoice[] {
  const choices: ApprovalChoice[] = [{ value: "allow_once", key: "y", label: "Yes" }];
  if (request.options.includes("allow_always")) {
    const scope = request.scope?.label ?? `every ${request.name} call`;
    choices.push({
      value: "allow_always",
      key: "a",
      label: `Yes, and don't ask again this session for ${scope}`,
    });
  }
  choices.push({
    value: "reject_once",
    key: "n",
    label: "No, and tell the model what to do instead",
  });
  return choices;
}
