/**
 * Approvals over ACP: an engine `approval_request` becomes `session/request_permission`
 * with the answers that apply (an "always" names what it covers), and the editor's
 * answer becomes the op that resolves it. A `cancelled` outcome cancels the prompt, as
 * the protocol says.
 */
import type * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent, AgentOp, ApprovalOption } from "../protocol.ts";

type ApprovalRequest = Extract<AgentEvent, { type: "approval_request" }>;

/** The options offered for a request, in the order an editor shows them. */
export function permissionOptions(event: ApprovalRequest): acp.PermissionOption[] {
  const label = event.scope?.label;
  const names: Record<ApprovalOption, string> = {
    allow_once: "Allow",
    allow_always: label ? `Always allow ${label}` : "Always allow",
    reject_once: "Reject",
    reject_always: label ? `Always reject ${label}` : "Always reject",
  };
  const order: ApprovalOption[] = ["allow_once", "allow_always", "reject_once", "reject_always"];
  return order.filter((option) => event.options.includes(option)).map((option) => ({
    optionId: option,
    name: names[option],
    kind: option,
  }));
}

/** The op an editor's answer stands for. */
export function answerOp(callId: string, outcome: acp.RequestPermissionOutcome): AgentOp {
  if (outcome.outcome === "cancelled") return { type: "cancel" };
  switch (outcome.optionId as ApprovalOption) {
    case "allow_once":
      return { type: "approve", callId };
    case "allow_always":
      return { type: "approve", callId, always: true };
    case "reject_always":
      return { type: "deny", callId, always: true };
    case "reject_once":
      return { type: "deny", callId };
    default:
      // Not one of the options offered: the safe reading is a refusal.
      return {
        type: "deny",
        callId,
        reason: `the editor answered with an unknown option "${outcome.optionId}"`,
      };
  }
}
