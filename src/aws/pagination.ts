// Following a list call's page tokens to the end.

/** Every item of every page; a token equal to the one just sent would loop forever, so it ends the listing. */
export async function collectPages<T>(
  fetchPage: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string | undefined }>,
  onPage?: (items: T[], count: number) => void,
): Promise<T[]> {
  const all: T[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetchPage(nextToken);
    all.push(...page.items);
    onPage?.(page.items, all.length);
    nextToken = page.nextToken && page.nextToken !== nextToken ? page.nextToken : undefined;
  } while (nextToken !== undefined);
  return all;
}
