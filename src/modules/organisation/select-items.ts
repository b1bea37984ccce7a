import { unitKindLabels, unitsByKind, type Unit, type UnitKind } from './units.ts';

/** Items for a GOV.UK select: what is shown, what is sent, and which one is chosen. */
export interface SelectItem {
  value: string;
  text: string;
  selected?: boolean;
}

/**
 * Units as select options in the order the organisation page lists them, each named with its
 * kind so "Mental health" the programme and "Mental health" the team can be told apart.
 */
export function unitItems(units: Unit[], selected: unknown, noneText: string, kinds?: UnitKind[]): SelectItem[] {
  const chosen = typeof selected === 'string' ? selected : '';
  const items: SelectItem[] = [{ value: '', text: noneText, selected: chosen === '' }];
  for (const group of unitsByKind(units)) {
    if (kinds && !kinds.includes(group.kind)) continue;
    for (const unit of group.units) {
      items.push({ value: unit.id, text: `${unit.name} (${unitKindLabels[unit.kind].singular.toLowerCase()})`, selected: unit.id === chosen });
    }
  }
  return items;
}
