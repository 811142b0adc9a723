// The only importer of @inquirer/prompts. It is loaded lazily, and never when the run is not interactive:
// then every question fails with the flag that answers it, so CI never hangs on a prompt.
import { UserError, usageError } from '../core/errors.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  /** Shown dim after the name, and not selectable: why this choice cannot work. */
  disabled?: string;
}

/** Every question names the command-line flag that answers it without a prompt. */
export interface Question {
  message: string;
  flag: string;
}

/** Choices that keep arriving while the question is open (the matches of a scan still running). */
export interface ChoiceFeed<T> {
  choices(): Array<Choice<T>>;
  /** The line under the list, e.g. "(still looking: 412 of 1,004 checked)". */
  status(): string;
  /** No more choices will come. */
  complete(): boolean;
  /** Calls `changed` on every new choice or status; returns the unsubscribe function. */
  subscribe(changed: () => void): () => void;
  /** Rejects when the source of the choices fails; the question then ends with that error. */
  failure: Promise<never>;
}

export interface Prompter {
  readonly interactive: boolean;
  select<T>(question: Question, choices: Array<Choice<T>>, defaultValue?: T): Promise<T>;
  /** A picker filtered by what the user types (name or id); `validate` may keep the user in the picker. */
  search<T>(
    question: Question,
    choices: Array<Choice<T>>,
    validate?: (value: T) => Promise<true | string>,
  ): Promise<T>;
  /** A searchable picker that opens before all its choices are known and adds them as they arrive. */
  searchAsFound<T>(question: Question, feed: ChoiceFeed<T>): Promise<T>;
  confirm(question: Question, defaultValue: boolean): Promise<boolean>;
  input(question: Question, defaultValue?: string, validate?: (value: string) => true | string): Promise<string>;
  /** Several answers out of a list; `checked` are preselected. */
  checkbox<T>(question: Question, choices: Array<Choice<T> & { checked?: boolean }>): Promise<T[]>;
}

/** Questions need a terminal to read from and one to draw on (standard error, so `mycli … > file` still asks). */
export function isInteractiveSession(options: {
  yes?: boolean;
  env?: NodeJS.ProcessEnv;
  stdinIsTTY?: boolean;
  stderrIsTTY?: boolean;
}): boolean {
  const env = options.env ?? process.env;
  const stdinIsTTY = options.stdinIsTTY ?? Boolean(process.stdin.isTTY);
  const stderrIsTTY = options.stderrIsTTY ?? Boolean(process.stderr.isTTY);
  return !options.yes && stdinIsTTY && stderrIsTTY && !isCi(env);
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}

/** Where questions are read and drawn. Standard error by default: standard output carries only the main result. */
export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export function createPrompter(interactive: boolean, streams?: PromptStreams): Prompter {
  return interactive ? new InquirerPrompter(streams ?? { input: process.stdin, output: process.stderr }) : new RefusingPrompter();
}

class RefusingPrompter implements Prompter {
  readonly interactive = false;

  select<T>(question: Question): Promise<T> {
    return Promise.reject(refusal(question));
  }

  search<T>(question: Question): Promise<T> {
    return Promise.reject(refusal(question));
  }

  searchAsFound<T>(question: Question): Promise<T> {
    return Promise.reject(refusal(question));
  }

  confirm(question: Question): Promise<boolean> {
    return Promise.reject(refusal(question));
  }

  input(question: Question): Promise<string> {
    return Promise.reject(refusal(question));
  }

  checkbox<T>(question: Question): Promise<T[]> {
    return Promise.reject(refusal(question));
  }
}

function refusal(question: Question): UserError {
  return usageError(
    `mycli needs an answer to "${question.message}" but is not running interactively (--yes, CI, or no terminal).`,
    `Pass ${question.flag}, or run the command in a terminal without --yes to be asked.`,
  );
}

class InquirerPrompter implements Prompter {
  readonly interactive = true;

  constructor(private readonly streams: PromptStreams) {}

  async select<T>(question: Question, choices: Array<Choice<T>>, defaultValue?: T): Promise<T> {
    const { select } = await import('@inquirer/prompts');
    return asked(() => select({ message: question.message, choices, default: defaultValue, pageSize: 10 }, this.streams));
  }

  async search<T>(
    question: Question,
    choices: Array<Choice<T>>,
    validate?: (value: T) => Promise<true | string>,
  ): Promise<T> {
    const { search } = await import('@inquirer/prompts');
    return asked(() =>
      search<T>({
        message: question.message,
        pageSize: 10,
        source: (term) => filterChoices(choices, term),
        validate,
      }, this.streams),
    );
  }

  async searchAsFound<T>(question: Question, feed: ChoiceFeed<T>): Promise<T> {
    const streamingSearch = await (await import('./streaming-search.js')).loadStreamingSearch();
    const closing = new AbortController();
    return asked(async () => {
      const answer = streamingSearch<T>({ message: question.message, feed, pageSize: 10 }, { ...this.streams, signal: closing.signal });
      try {
        return await Promise.race([answer, feed.failure]);
      } finally {
        // When the source failed, the prompt is closed (its own AbortPromptError is of no interest).
        closing.abort();
        answer.catch(() => undefined);
      }
    });
  }

  async confirm(question: Question, defaultValue: boolean): Promise<boolean> {
    const { confirm } = await import('@inquirer/prompts');
    return asked(() => confirm({ message: question.message, default: defaultValue }, this.streams));
  }

  async input(question: Question, defaultValue?: string, validate?: (value: string) => true | string): Promise<string> {
    const { input } = await import('@inquirer/prompts');
    return asked(() => input({ message: question.message, default: defaultValue, validate }, this.streams));
  }

  async checkbox<T>(question: Question, choices: Array<Choice<T> & { checked?: boolean }>): Promise<T[]> {
    const { checkbox } = await import('@inquirer/prompts');
    return asked(() => checkbox<T>({ message: question.message, choices, pageSize: 10 }, this.streams));
  }
}

/** Case-insensitive match on every word typed, against the label and the value (ids). */
export function filterChoices<T>(choices: Array<Choice<T>>, term: string | undefined): Array<Choice<T>> {
  const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return choices;
  return choices.filter((choice) => {
    const haystack = `${choice.name} ${String(choice.value)}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

async function asked<T>(prompt: () => Promise<T>): Promise<T> {
  try {
    return await prompt();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new UserError('Interrupted', 'Cancelled.', 'Nothing was written. Run the command again when ready.');
    }
    throw error;
  }
}
