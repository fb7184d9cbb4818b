/**
 * The ACP agent: `initialize` with honest capabilities, sessions rooted at the editor's
 * directory, prompts, cancel, modes and close. Every other method is answered "method
 * not found" by the SDK; params are checked against the protocol's schema before a
 * handler runs (-32602 with the details).
 */
import { isAbsolute } from "node:path";
import * as acp from "@agentclientprotocol/sdk";
import { type EngineOptions, errorCodeOf, listSessions } from "../engine/mod.ts";
import { ConfigError, ProviderError } from "../errors.ts";
import { VERSION } from "../version.ts";
import { badParams, engineError, unknownSession } from "./errors.ts";
import { editorMcpServers } from "./mcp_servers.ts";
import { AcpSession } from "./session.ts";

/** What the agent is built with. */
export interface AcpAgentOptions {
  /** Engine options every session starts from (the command line's flags). */
  defaults: EngineOptions;
  /** A diagnostic line on stderr. */
  log(message: string): void;
}

/** The agent app and its live sessions. */
export interface AcpAgent {
  app: acp.AgentApp;
  sessions: Map<string, AcpSession>;
  /** Closes every session: cancels prompts, stops commands and MCP servers. */
  closeAll(): Promise<void>;
}

/** What this agent offers: sessions are saved as they happen, so they load and list. */
export const AGENT_CAPABILITIES: acp.AgentCapabilities = {
  loadSession: true,
  promptCapabilities: { image: true, audio: false, embeddedContext: true },
  mcpCapabilities: { http: true, sse: true },
  sessionCapabilities: { close: {}, list: {} },
};

/** Builds the agent; connect its `app` to a stream. */
export function createAcpAgent(options: AcpAgentOptions): AcpAgent {
  const sessions = new Map<string, AcpSession>();
  let caps: acp.ClientCapabilities = {};
  const session = (sessionId: string) => {
    const found = sessions.get(sessionId);
    if (!found) throw unknownSession(sessionId);
    return found;
  };

  const app = acp.agent({ name: "nanocoder" })
    .onRequest(acp.methods.agent.initialize, ({ params }) => {
      caps = params.clientCapabilities ?? {};
      return {
        protocolVersion: acp.PROTOCOL_VERSION,
        agentCapabilities: AGENT_CAPABILITIES,
        agentInfo: { name: "nanocoder", title: "nanocoder", version: VERSION },
        authMethods: [],
      };
    })
    .onRequest(acp.methods.agent.session.new, async ({ params, client }) => {
      const opened = await open(client, params);
      return {
        sessionId: opened.id,
        modes: opened.modes(),
        configOptions: opened.configOptions(),
      };
    })
    .onRequest(acp.methods.agent.session.load, async ({ params, client }) => {
      // A session live in this process is closed first: one engine per saved session
      // (and unknown meanwhile, rather than answering from an engine that is closing).
      const live = sessions.get(params.sessionId);
      sessions.delete(params.sessionId);
      await live?.close();
      const loaded = await open(client, params, params.sessionId);
      await loaded.replay();
      return { modes: loaded.modes(), configOptions: loaded.configOptions() };
    })
    .onRequest(acp.methods.agent.session.list, async ({ params }) => {
      const cwd = params.cwd ?? undefined;
      const saved = await listSessions(cwd ?? Deno.cwd(), { all: cwd === undefined });
      return {
        sessions: saved.map((info) => ({
          sessionId: info.id,
          cwd: info.cwd,
          title: info.title,
          updatedAt: info.updatedAt,
        })),
      };
    })
    .onRequest(acp.methods.agent.session.prompt, ({ params, signal }) => {
      return session(params.sessionId).prompt(params.prompt, signal);
    })
    .onNotification(acp.methods.agent.session.cancel, ({ params }) => {
      const found = sessions.get(params.sessionId);
      if (found) found.cancel();
      else options.log(`session/cancel for unknown session "${params.sessionId}" ignored`);
    })
    .onRequest(acp.methods.agent.session.setMode, ({ params }) => {
      session(params.sessionId).setMode(params.modeId);
      return {};
    })
    .onRequest(acp.methods.agent.session.setConfigOption, async ({ params }) => ({
      configOptions: await session(params.sessionId).setConfigOption(params.configId, params.value),
    }))
    .onRequest(acp.methods.agent.session.close, async ({ params }) => {
      const found = session(params.sessionId);
      sessions.delete(params.sessionId);
      await found.close();
      return {};
    });

  /** Opens (or, with `resume`, loads) a session and announces it once the editor has it. */
  async function open(
    client: acp.AgentContext,
    params: { cwd: string; mcpServers: acp.McpServer[] },
    resume?: string,
  ): Promise<AcpSession> {
    const cwd = await checkedCwd(params.cwd);
    let mcpServers;
    try {
      mcpServers = editorMcpServers(params.mcpServers);
    } catch (error) {
      throw badParams((error as Error).message);
    }
    if (resume && !(await listSessions(cwd)).some((saved) => saved.id === resume)) {
      throw unknownSession(resume);
    }
    let opened: AcpSession;
    try {
      opened = await AcpSession.open(
        { client, caps, log: options.log },
        { cwd, mcpServers, resume },
        options.defaults,
      );
    } catch (error) {
      if (error instanceof ConfigError || error instanceof ProviderError) {
        throw engineError(errorCodeOf(error), error.message);
      }
      throw error;
    }
    // Two loads of one session at once: the later one stays, the other is closed.
    const previous = sessions.get(opened.id);
    sessions.set(opened.id, opened);
    if (previous) void previous.close();
    // After the response, so the editor knows the session the update is for.
    setTimeout(() => void opened.announce(), 0);
    return opened;
  }

  return {
    app,
    sessions,
    async closeAll() {
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(all.map((s) => s.close()));
    },
  };
}

/** The session's directory: absolute and an existing directory, else a params error. */
async function checkedCwd(cwd: string): Promise<string> {
  if (!isAbsolute(cwd)) throw badParams(`cwd "${cwd}" is not an absolute path`);
  try {
    if ((await Deno.stat(cwd)).isDirectory) return cwd;
  } catch {
    throw badParams(`cwd "${cwd}" does not exist`);
  }
  throw badParams(`cwd "${cwd}" is not a directory`);
}
