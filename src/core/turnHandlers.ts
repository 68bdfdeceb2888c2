/**
 * The engine's turn as a table of handlers, the way grammY's `Composer` grows: commands
 * register by kind, dialogue acts by id, and the stages of a turn (an expired check, a
 * command, the check in progress, a dialogue act, a policy question) are tried in
 * registration order until one answers. A feature adds its handlers here (the calendar
 * subscriptions register their buttons and acts) instead of editing a central switch.
 */
import type { DialogueActId } from '../knowledge/dialogueActSchema.js';
import type { Command } from './parseCommand.js';
import type { Turn } from './turn.js';

/** A command's kind ("menu", "forget", "flowBack", …). */
export type CommandKind = Command['kind'];

/** Handles one kind of command; resolves true when it answered, false to let the next stages try. */
export type CommandHandler<K extends CommandKind = CommandKind> = (turn: Turn, command: Extract<Command, { kind: K }>) => boolean | Promise<boolean>;

/** Handles one dialogue act; resolves true when it answered, false when the words are to be answered as a question. */
export type ActHandler = (turn: Turn, text: string) => boolean | Promise<boolean>;

/** One stage of a turn; resolves true when it answered the message. */
export type TurnStage = (turn: Turn, text: string | undefined) => boolean | Promise<boolean>;

/** The handlers a turn is made of. */
export class TurnHandlers {
  private readonly commands = new Map<CommandKind, Array<(turn: Turn, command: Command) => boolean | Promise<boolean>>>();
  private readonly acts = new Map<DialogueActId, ActHandler[]>();
  private readonly stages: TurnStage[] = [];

  /** Registers a handler for one kind of command; handlers of the same kind are tried in order. */
  command<K extends CommandKind>(kind: K, handler: CommandHandler<K>): this {
    // Only commands of this kind reach the handler (`runCommand` looks them up by kind).
    const byKind = (turn: Turn, command: Command) => handler(turn, command as Extract<Command, { kind: K }>);
    this.commands.set(kind, [...(this.commands.get(kind) ?? []), byKind]);
    return this;
  }

  /** Registers a handler for a dialogue act; handlers of the same act are tried in order. */
  act(id: DialogueActId, handler: ActHandler): this {
    this.acts.set(id, [...(this.acts.get(id) ?? []), handler]);
    return this;
  }

  /** Appends a stage of the turn. */
  use(stage: TurnStage): this {
    this.stages.push(stage);
    return this;
  }

  /** Runs the command's handlers until one answers; false when none did (or none is registered). */
  async runCommand(turn: Turn, command: Command): Promise<boolean> {
    for (const handler of this.commands.get(command.kind) ?? []) if (await handler(turn, command)) return true;
    return false;
  }

  /** Runs the act's handlers until one answers; false when none did. */
  async runAct(turn: Turn, id: DialogueActId, text: string): Promise<boolean> {
    for (const handler of this.acts.get(id) ?? []) if (await handler(turn, text)) return true;
    return false;
  }

  /** Runs the stages in order until one answers. */
  async run(turn: Turn, text: string | undefined): Promise<void> {
    for (const stage of this.stages) if (await stage(turn, text)) return;
  }
}
