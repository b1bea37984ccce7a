/**
 * Holm's step-down adjustment of p values for multiple comparisons (Holm 1979, Scand J Stat
 * 6:65-70), as R's p.adjust(p, "holm"): with the m p values sorted ascending,
 * adjusted p_(i) = max over j ≤ i of min(1, (m − j + 1) p_(j)). Missing p values (null) stay missing
 * and do not count in m, as R does with NA.
 */
export function holmAdjust(pValues: ReadonlyArray<number | null>): (number | null)[] {
  const present: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p value ${i + 1} is ${p}, not between 0 and 1`);
    present.push(i);
  });
  const m = present.length;
  const order = present.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
