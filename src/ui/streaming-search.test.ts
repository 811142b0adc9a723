// The streaming picker, driven as a user would (keys typed into a scripted terminal by @inquirer/testing), while a
// fake source adds choices and moves the status line.
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { Choice, ChoiceFeed } from './prompter.js';
import { loadStreamingSearch } from './streaming-search.js';

const streamingSearch = await loadStreamingSearch();

class FakeFeed implements ChoiceFeed<string> {
  private readonly list: Array<Choice<string>> = [];
  private readonly listeners = new Set<() => void>();
  private line = '(still looking: 0 of 3 checked)';
  private done = false;
  failure = new Promise<never>(() => undefined);

  add(name: string, value: string, line: string): void {
    this.list.push({ name, value });
    this.list.sort((a, b) => a.name.localeCompare(b.name));
    this.line = line;
    this.changed();
  }

  finish(line: string): void {
    this.done = true;
    this.line = line;
    this.changed();
  }

  choices = () => [...this.list];
  status = () => this.line;
  complete = () => this.done;
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

describe('streamingSearch', () => {
  it('shows the first match with how far the search got, adds matches as they arrive and keeps the cursor in place', async () => {
    const feed = new FakeFeed();
    feed.add("'shop' (us-east-1:b)", 'us-east-1:b', '(still looking: 412 of 1,004 checked)');
    const { answer, events, getScreen, nextRender } = await render(streamingSearch, { message: 'Select the identity pool to import:', feed });

    expect(getScreen()).toContain("❯ 'shop' (us-east-1:b)");
    expect(getScreen()).toContain('(still looking: 412 of 1,004 checked)');

    // A match that sorts before the current one: the cursor stays on 'shop'.
    feed.add("'admin' (us-east-1:a)", 'us-east-1:a', '(still looking: 700 of 1,004 checked)');
    await nextRender();
    expect(getScreen()).toContain("  'admin' (us-east-1:a)\n❯ 'shop' (us-east-1:b)");
    expect(getScreen()).toContain('(still looking: 700 of 1,004 checked)');

    events.keypress('up');
    await nextRender();
    expect(getScreen()).toContain("❯ 'admin' (us-east-1:a)");
    events.keypress('enter');
    await expect(answer).resolves.toBe('us-east-1:a');
    expect(getScreen()).toBe("✔ Select the identity pool to import: 'admin' (us-east-1:a)");
  });

  it('filters by what is typed, also against matches that arrive later, and says when the scan is complete', async () => {
    const feed = new FakeFeed();
    feed.add("'shop-prod' (us-east-1:p)", 'us-east-1:p', '(still looking: 10 of 30 checked)');
    const { answer, events, getScreen, nextRender } = await render(streamingSearch, { message: 'Select the identity pool to import:', feed });

    events.type('staging');
    await nextRender();
    expect(getScreen()).toContain('Nothing found matches the filter yet.');
    feed.add("'shop-staging' (us-east-1:s)", 'us-east-1:s', '(still looking: 20 of 30 checked)');
    await nextRender();
    expect(getScreen()).toContain("❯ 'shop-staging' (us-east-1:s)");
    expect(getScreen()).not.toContain('shop-prod');

    feed.finish('(all 30 identity pools checked)');
    await nextRender();
    expect(getScreen()).toContain('(all 30 identity pools checked)');
    events.keypress('enter');
    await expect(answer).resolves.toBe('us-east-1:s');
  });
});
