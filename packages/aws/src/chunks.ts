/**
 * Splits items, in order, into batches of at most `maxItems` whose sizes add up to at most
 * `maxSize` (an item bigger than that alone gets a batch of its own): the limits of one
 * TransactWriteItems or SendMessageBatch call.
 */
export function chunkBySize<T>(items: readonly T[], maxItems: number, maxSize: number, sizeOf: (item: T) => number) {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    const itemSize = sizeOf(item);
    if (current.length > 0 && (current.length >= maxItems || size + itemSize > maxSize)) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += itemSize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
