// The one output module. A command's main output (tables, lists, --json) goes to stdout, so that pipes and tools get
// it alone; everything else (progress, questions, warnings, errors, hints) goes to stderr.

export interface Printer {
  info(line: string): void;
  success(line: string): void;
  warn(line: string): void;
  error(line: string): void;
  detail(line: string): void;
  /** A command or value the user may copy. */
  highlight(text: string): string;
  /** A line of the command's main output (a table row, a list entry): stdout, uncoloured. */
  out(line: string): void;
  /** Machine-readable output (--json): stdout. */
  json(value: unknown): void;
  progress(text: string): Progress;
  /** Colours for structured output (plans); each is the identity when colour is off (no TTY, NO_COLOR, TERM=dumb). */
  colors: Colors;
  /** The terminal's width when standard error is one; undefined for pipes and files (no wrapping). */
  columns: number | undefined;
  debugEnabled: boolean;
  debug(line: string): void;
}

export interface Progress {
  update(text: string): void;
  stop(finalLine?: string): void;
}

/** Runs `work` with a progress indicator that stops whatever happens (a spinner left running keeps the process alive). */
export async function withProgress<T>(printer: Printer, text: string, work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = printer.progress(text);
  try {
    return await work(progress);
  } finally {
    progress.stop();
  }
}

/**
 * `--json` text: JSON.stringify's, with U+2028/U+2029 escaped. JSON allows them raw inside strings, but some terminals
 * and log viewers break the line there. They can only occur inside strings, so the escape keeps the same JSON value.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}

export interface PrinterOptions {
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  debug?: boolean;
  env?: NodeJS.ProcessEnv;
}

export function createPrinter(options: PrinterOptions = {}): Printer {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const interactive = Boolean(stderr.isTTY) && !env.CI;
  const colors = createColors(Boolean(stderr.isTTY) && !('NO_COLOR' in env) && env.TERM !== 'dumb');
  const write = (line: string) => stderr.write(`${line}\n`);

  return {
    info: write,
    success: (line) => write(`${colors.green('✔')} ${line}`),
    warn: (line) => write(`${colors.yellow('⚠')} ${line}`),
    error: (line) => write(`${colors.red('✖')} ${line}`),
    detail: (line) => write(`  ${colors.dim(line)}`),
    highlight: (text) => colors.cyan(text),
    out: (line) => stdout.write(`${line}\n`),
    json: (value) => stdout.write(`${jsonText(value)}\n`),
    progress: (text) => (interactive ? spinnerProgress(text, stderr) : lineProgress(text, write)),
    colors,
    columns: stderr.isTTY && typeof stderr.columns === 'number' && stderr.columns > 0 ? stderr.columns : undefined,
    debugEnabled: Boolean(options.debug),
    debug: (line) => {
      if (options.debug) write(colors.dim(`[debug] ${line}`));
    },
  };
}

/** Without a terminal, progress is a start line, an update every 10 s at most, and an end line: nothing that floods CI logs. */
function lineProgress(text: string, write: (line: string) => void): Progress {
  write(`${text}…`);
  let lastWrite = Date.now();
  return {
    update: (next) => {
      if (Date.now() - lastWrite < LINE_PROGRESS_INTERVAL_MS) return;
      lastWrite = Date.now();
      write(next);
    },
    stop: (finalLine) => {
      if (finalLine) write(finalLine);
    },
  };
}

const LINE_PROGRESS_INTERVAL_MS = 10_000;

function spinnerProgress(fullText: string, stream: NodeJS.WritableStream): Progress {
  let spinner: { text: string; stop(text?: string): unknown } | undefined;
  // One line only: a spinner line that wraps leaves its first half behind when it is redrawn or stopped.
  const fit = (line: string): string => {
    const columns = (stream as { columns?: number }).columns;
    return columns && line.length > columns - 3 ? `${line.slice(0, columns - 4)}…` : line;
  };
  const text = fit(fullText);
  let pendingText = text;
  let stopped = false;
  // The spinner library is loaded lazily: most commands never show progress.
  void import('yocto-spinner').then(({ default: yoctoSpinner }) => {
    if (stopped) return;
    spinner = yoctoSpinner({ text: pendingText, stream: stream as NodeJS.WriteStream }).start();
  });
  return {
    update: (next) => {
      // Setting a stopped spinner's text would draw it again.
      if (stopped) return;
      pendingText = fit(next);
      if (spinner) spinner.text = pendingText;
    },
    stop: (finalLine) => {
      stopped = true;
      if (spinner) spinner.stop(finalLine);
      else if (finalLine) stream.write(`${finalLine}\n`);
    },
  };
}

type Paint = (text: string) => string;

export type Colors = Record<'green' | 'yellow' | 'red' | 'cyan' | 'dim' | 'bold', Paint>;

function createColors(enabled: boolean): Colors {
  const paint =
    (open: number, close: number): Paint =>
    (text) =>
      enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return { green: paint(32, 39), yellow: paint(33, 39), red: paint(31, 39), cyan: paint(36, 39), dim: paint(2, 22), bold: paint(1, 22) };
}
