/** The task tree of a plan as plain values: outline numbers, cycle checks, moves. Pure functions. */

export type TreeRow = { id: number; parentId: number | null; sortOrder: number };

/** Siblings in their order: sort order, then id (the order they were made in). */
function bySortOrder(a: TreeRow, b: TreeRow): number {
  return a.sortOrder - b.sortOrder || a.id - b.id;
}

/** Children of each parent (null for the top level), in order. Rows whose parent is missing count as top level. */
export function childrenByParent<T extends TreeRow>(rows: readonly T[]): Map<number | null, T[]> {
  const ids = new Set(rows.map((r) => r.id));
  const map = new Map<number | null, T[]>();
  for (const r of rows) {
    const key = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  for (const list of map.values()) list.sort(bySortOrder);
  return map;
}

/** Outline numbers ("1", "2.3", "2.3.1") of every row, from the tree's shape and sibling order. */
export function outlineNumbers(rows: readonly TreeRow[]): Map<number, string> {
  const children = childrenByParent(rows);
  const out = new Map<number, string>();
  const walk = (parent: number | null, prefix: string, seen: Set<number>) => {
    for (const [i, r] of (children.get(parent) ?? []).entries()) {
      if (seen.has(r.id)) continue; // a cycle in bad data: number each row once
      seen.add(r.id);
      const n = prefix ? `${prefix}.${i + 1}` : String(i + 1);
      out.set(r.id, n);
      walk(r.id, n, seen);
    }
  };
  walk(null, "", new Set());
  return out;
}

/** The ids of a row's descendants (not the row itself). */
export function descendantIds(rows: readonly TreeRow[], id: number): Set<number> {
  const children = childrenByParent(rows);
  const out = new Set<number>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length) {
    const r = stack.pop()!;
    if (out.has(r.id)) continue;
    out.add(r.id);
    stack.push(...(children.get(r.id) ?? []));
  }
  return out;
}

/** True when putting `id` under `newParentId` would make a task its own ancestor. */
export function wouldCycle(rows: readonly TreeRow[], id: number, newParentId: number | null): boolean {
  if (newParentId === null) return false;
  if (newParentId === id) return true;
  return descendantIds(rows, id).has(newParentId);
}

/**
 * The sibling order after moving `id` under `parentId` at `position` (0-based, clamped):
 * the new sort orders of the rows whose order changes, old siblings closed up.
 */
export function moveInTree(rows: readonly TreeRow[], id: number, parentId: number | null, position: number): { id: number; parentId: number | null; sortOrder: number }[] {
  const moving = rows.find((r) => r.id === id);
  if (!moving) throw new RangeError(`no row ${id}`);
  if (wouldCycle(rows, id, parentId)) throw new RangeError("cycle");
  const rest = rows.filter((r) => r.id !== id);
  const children = childrenByParent(rest);
  const target = [...(children.get(parentId) ?? [])];
  const at = Math.max(0, Math.min(Math.trunc(position), target.length));
  target.splice(at, 0, { ...moving, parentId });
  const changes = new Map<number, { id: number; parentId: number | null; sortOrder: number }>();
  const resequence = (list: readonly TreeRow[], parent: number | null) =>
    list.forEach((r, i) => {
      const before = rows.find((x) => x.id === r.id)!;
      if (before.sortOrder !== i || before.parentId !== parent) changes.set(r.id, { id: r.id, parentId: parent, sortOrder: i });
    });
  resequence(target, parentId);
  if (moving.parentId !== parentId) {
    const oldParent = moving.parentId !== null && rows.some((r) => r.id === moving.parentId) ? moving.parentId : null;
    resequence(children.get(oldParent) ?? [], oldParent);
  }
  return [...changes.values()];
}

const digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1–99; other numbers stay in figures). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return digits[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : digits[tens]}十${ones ? digits[ones] : ""}`;
}

/** How a number is shown: top-level tasks as 一、二…, measures as 1.1, 1.2… */
export function displayNumber(number: string, locale: string): string {
  if (!/^\d+$/.test(number)) return number;
  return locale === "zh-CN" ? `${chineseNumeral(Number(number))}、` : `${number}.`;
}

/** The parent's outline number ("2.3" → "2"), null at the top level. */
export function parentNumber(number: string): string | null {
  const i = number.lastIndexOf(".");
  return i < 0 ? null : number.slice(0, i);
}

export const OUTLINE_NUMBER = /^[1-9]\d{0,3}(\.[1-9]\d{0,3}){0,5}$/;

/** Plan states and where each may go. */
export const planTransitions = {
  draft: ["published"],
  published: ["closed", "draft"],
  closed: ["published"],
} as const satisfies Record<"draft" | "published" | "closed", readonly ("draft" | "published" | "closed")[]>;

export function canTransition(from: keyof typeof planTransitions, to: "draft" | "published" | "closed"): boolean {
  return (planTransitions[from] as readonly string[]).includes(to);
}
