import type { Locator } from 'playwright-core';

/** A table's body rows as records keyed by column heading, with whitespace squashed. */
export async function readTable(table: Locator): Promise<Record<string, string>[]> {
  return table.evaluate((element) => {
    const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
    const headings = [...element.querySelectorAll('thead th')].map((cell) => squash(cell.textContent));
    return [...element.querySelectorAll('tbody tr')].map((row) =>
      Object.fromEntries([...row.children].map((cell, index) => [headings[index] || `column ${index + 1}`, squash(cell.textContent)])),
    );
  });
}
