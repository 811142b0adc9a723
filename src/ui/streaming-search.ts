// A searchable picker whose choices keep arriving while it is open (the identity pools found by a scan still
// running), with a status line under the list. Typing filters by name or id; the cursor stays on the choice it is
// on when new ones are inserted above it; Enter picks at once, without waiting for the rest. Loaded only by the
// interactive prompter (prompter.ts), like @inquirer/prompts. @inquirer/core is an ES module only, so it is imported
// when the picker is first needed: dist/ is CommonJS, which can only reach it through import() (scripts/build.mjs).
import { styleText } from 'node:util';
import { filterChoices, type Choice, type ChoiceFeed } from './prompter.js';

export interface StreamingSearchConfig<T> {
  message: string;
  feed: ChoiceFeed<T>;
  pageSize?: number;
}

/** The picker prompt (made with @inquirer/core, imported here). */
export async function loadStreamingSearch() {
  const { createPrompt, isDownKey, isEnterKey, isUpKey, makeTheme, useEffect, useKeypress, useMemo, usePagination, usePrefix, useRef, useState } =
    await import('@inquirer/core');
  return createPrompt(<T,>(config: StreamingSearchConfig<T>, done: (value: T) => void) => {
    const { feed, pageSize = 10 } = config;
    const theme = makeTheme({});
    const [answered, setAnswered] = useState<Choice<T> | undefined>(undefined);
    const [term, setTerm] = useState('');
    const [version, setVersion] = useState(0);
    const [activeValue, setActiveValue] = useState<T | undefined>(undefined);
    useEffect(() => feed.subscribe(() => setVersion((current) => current + 1)), []);

    const choices = useMemo(() => filterChoices(feed.choices(), term), [term, version]);
    // Until the user moves, the cursor stays on the first choice shown, even when others are inserted above it.
    const firstShown = useRef<{ value: T } | undefined>(undefined);
    if (!firstShown.current && choices[0]) firstShown.current = { value: choices[0].value };
    const current = activeValue ?? firstShown.current?.value;
    const found = choices.findIndex((choice) => choice.value === current);
    const active = found === -1 ? 0 : found;
    const selected = choices[active];
    // A spinner in the prefix while the search goes on. (usePrefix would still show it in the final render.)
    const spinnerOrIcon = usePrefix({ status: answered ? 'done' : feed.complete() ? 'idle' : 'loading', theme });
    const prefix = answered ? (typeof theme.prefix === 'string' ? theme.prefix : theme.prefix.done) : spinnerOrIcon;

    useKeypress((key, rl) => {
      if (isEnterKey(key)) {
        if (selected) {
          setAnswered(selected);
          done(selected.value);
        } else {
          // Enter cleared readline's line: put the filter back.
          rl.write(term);
        }
      } else if (isUpKey(key) || isDownKey(key)) {
        // Readline treats the arrows as history: keep the filter as typed.
        rl.clearLine(0);
        rl.write(term);
        if (choices.length > 0) {
          const next = (active + (isUpKey(key) ? -1 : 1) + choices.length) % choices.length;
          const value = (choices[next] as Choice<T>).value;
          setActiveValue(() => value);
        }
      } else {
        setTerm(rl.line);
      }
    });

    const page = usePagination({
      items: choices,
      active,
      renderItem: ({ item, isActive }) => (isActive ? theme.style.highlight(`❯ ${item.name}`) : `  ${item.name}`),
      pageSize,
      loop: false,
    });

    const message = theme.style.message(config.message, answered ? 'done' : 'idle');
    if (answered) return `${prefix} ${message} ${theme.style.answer(answered.name)}`;
    const list = choices.length > 0 ? page : theme.style.error(term ? 'Nothing found matches the filter yet.' : 'Nothing found yet.');
    const help = styleText('dim', '↑↓ navigate · ⏎ select · type to filter');
    return [`${prefix} ${message} ${theme.style.highlight(term)}`.trimEnd(), [list, styleText('dim', feed.status()), help].join('\n')];
  });
}
