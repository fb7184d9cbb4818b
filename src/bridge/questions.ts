/**
 * What the engine asks a person, asked of the editor without holding the session's
 * updates up: approvals as `session/request_permission`, MCP servers' forms as
 * `elicitation/create` (declined when the editor shows no forms). The answer is
 * submitted as the op it stands for; a question the engine resolved otherwise (a cancel,
 * the server withdrew it) is withdrawn from the editor and its answer dropped.
 */
import * as acp from "@agentclientprotocol/sdk";
import type { AgentEvent, AgentOp } from "../protocol.ts";
import { elicitationForm, elicitationOp } from "./elicitation.ts";
import { answerOp, permissionOptions } from "./permission.ts";
import type { StreamHost } from "./event_stream.ts";
import { permissionToolCall } from "./tool_updates.ts";

type Started = Extract<AgentEvent, { type: "tool_call_started" }>;

/** The questions waiting for the editor's answer. */
export class Questions {
  #pending = {
    permission: new Map<string, AbortController>(),
    form: new Map<string, AbortController>(),
  };

  constructor(private readonly host: StreamHost) {}

  /** The engine resolved a question itself: the editor stops asking. */
  answered(kind: "permission" | "form", key: string): void {
    this.#pending[kind].get(key)?.abort();
  }

  /** Withdraws every permission request (the prompt was cancelled). */
  dropPermissions(): void {
    for (const controller of this.#pending.permission.values()) controller.abort();
    this.#pending.permission.clear();
  }

  /** An approval, with the call as the editor was shown it. */
  async askPermission(
    event: Extract<AgentEvent, { type: "approval_request" }>,
    started?: Started,
  ): Promise<void> {
    const { callId } = event;
    await this.#askPerson(this.#pending.permission, callId, {
      request: (signal) =>
        this.host.client.request(acp.methods.client.session.requestPermission, {
          sessionId: this.host.sessionId,
          toolCall: permissionToolCall(event, started),
          options: permissionOptions(event),
        }, signal),
      answer: (response) => answerOp(callId, response.outcome),
      fail: (why) => ({ type: "deny", callId, reason: `the editor did not answer (${why})` }),
    });
  }

  /** An MCP server's form, shown by an editor that takes forms; declined otherwise. */
  async elicit(event: Extract<AgentEvent, { type: "elicitation_request" }>): Promise<void> {
    const { requestId } = event;
    const decline: AgentOp = { type: "elicitation_response", requestId, action: "decline" };
    if (!this.host.caps.elicitation?.form) {
      this.host.log(`${event.server} asked for input; the editor shows no forms: declined`);
      return this.host.submit(decline);
    }
    await this.#askPerson(this.#pending.form, requestId, {
      request: (signal) =>
        this.host.client.request(
          acp.methods.client.elicitation.create,
          elicitationForm(event, this.host.sessionId),
          signal,
        ),
      answer: (response) => elicitationOp(requestId, response),
      fail: () => decline,
    });
  }

  /**
   * Asks the editor something a person answers, without holding the stream up, and
   * submits the op the answer stands for. Aborting the entry in `pending` withdraws the
   * question (`$/cancel_request`) and drops its answer.
   */
  async #askPerson<T>(
    pending: Map<string, AbortController>,
    key: string,
    ask: {
      request: (options: acp.SendRequestOptions) => Promise<T>;
      answer: (response: T) => AgentOp;
      fail: (why: string) => AgentOp;
    },
  ): Promise<void> {
    const controller = new AbortController();
    pending.set(key, controller);
    try {
      const response = await ask.request({
        cancellationSignal: controller.signal,
        stopWaitingOnCancel: true,
      });
      if (!controller.signal.aborted) this.host.submit(ask.answer(response));
    } catch (error) {
      if (controller.signal.aborted) return;
      const why = (error as Error).message;
      this.host.log(`The editor did not answer a request: ${why}`);
      this.host.submit(ask.fail(why));
    } finally {
      if (pending.get(key) === controller) pending.delete(key);
    }
  }
}
