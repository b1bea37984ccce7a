import type { Page } from 'playwright-core';

export interface Overflow {
  /** How much wider than the viewport the page is, in CSS pixels (0 when it fits). */
  excess: number;
  /** When it does not fit, the outermost elements sticking out to the right, described like CSS selectors. */
  culprits: string[];
}

/**
 * Measures horizontal overflow (WCAG 1.4.10 Reflow: no scrolling in two directions at 320 CSS
 * pixels) and names what sticks out (boxes too wide, or text running out of its box), so a
 * failure says what to fix.
 */
export async function horizontalOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const excess = Math.max(0, root.scrollWidth - width);
    if (excess === 0) return { excess, culprits: [] };

    const sticking = new Set<Element>();
    for (const element of document.body.querySelectorAll('*')) {
      if (element.getBoundingClientRect().right > width + 0.5) sticking.add(element);
    }
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      if (!node.textContent?.trim() || !node.parentElement) continue;
      range.selectNodeContents(node);
      if (range.getBoundingClientRect().right > width + 0.5) sticking.add(node.parentElement);
    }
    const describe = (element: Element) =>
      element.tagName.toLowerCase() + (element.id ? `#${element.id}` : '') + [...element.classList].slice(0, 2).map((c) => `.${c}`).join('');
    const outermost = [...sticking].filter((element) => ![...sticking].some((other) => other !== element && other.contains(element)));
    return { excess, culprits: outermost.slice(0, 10).map(describe) };
  });
}
