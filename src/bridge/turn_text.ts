/**
 * Streamed text of one model turn, made final for an editor that cannot take back what
 * it was sent.
 *
 * The engine streams a turn's text as it comes; when the connection drops mid-answer it
 * emits `turn_restart` and asks the model again, whose new answer usually repeats the
 * first one (a cached prefix, temperature 0) and sometimes does not. Text already shown
 * stays shown, so after a restart nothing is sent while the new answer repeats what the
 * editor has; once it goes past that, only the rest is sent. An answer that differs
 * from what was shown is sent as a new message (its own `messageId`) after a line
 * saying the answer restarted: the editor then shows a cut-off first attempt and the
 * whole second one, never a mix of both.
 */

/** What to send for a piece of streamed text. */
export interface TextOut {
  text: string;
  messageId: string;
}

/** Said before an answer that starts over differently after a dropped connection. */
export const RESTART_NOTE = "\n\n*(The connection dropped and the answer restarted.)*\n\n";

/** One kind of streamed text (the answer, or the reasoning) of one turn. */
export class TurnText {
  #newId: () => string;
  #messageId: string;
  /** Text the editor has of this message. */
  #sent = "";
  /** After a restart: the new attempt so far, until it is known to extend `#sent`. */
  #attempt?: string;

  constructor(newId: () => string = () => crypto.randomUUID()) {
    this.#newId = newId;
    this.#messageId = newId();
  }

  /** A new turn: a new message. */
  startTurn(): void {
    this.#messageId = this.#newId();
    this.#sent = "";
    this.#attempt = undefined;
  }

  /** The turn's output so far is void: the next deltas are a new attempt. */
  restart(): void {
    if (this.#sent !== "") this.#attempt = "";
  }

  /** A streamed delta; returns what to send now (nothing while a restart repeats). */
  push(delta: string): TextOut | undefined {
    if (this.#attempt === undefined) return this.#send(delta);
    const attempt = this.#attempt + delta;
    if (this.#sent.startsWith(attempt)) {
      this.#attempt = attempt;
      return undefined;
    }
    this.#attempt = undefined;
    if (attempt.startsWith(this.#sent)) return this.#send(attempt.slice(this.#sent.length));
    // A different answer: a new message, after a line that says why.
    this.#messageId = this.#newId();
    this.#sent = "";
    return this.#send(RESTART_NOTE.trimStart() + attempt);
  }

  /**
   * The turn's complete text: what the editor still lacks of it (text the stream held
   * back, such as the end of a repeated attempt that stopped short).
   */
  finish(text: string): TextOut | undefined {
    this.#attempt = undefined;
    if (!text.startsWith(this.#sent) || text.length === this.#sent.length) return undefined;
    return this.#send(text.slice(this.#sent.length));
  }

  #send(text: string): TextOut | undefined {
    if (text === "") return undefined;
    this.#sent += text;
    return { text, messageId: this.#messageId };
  }
}
