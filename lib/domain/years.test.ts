import { expect, it } from "vitest";
import { pickYear } from "./years";

it.each([
  ["2025", [2024, 2025, 2026], 2026, 2025],
  [undefined, [2024, 2025, 2026], 2026, 2026],
  ["1999", [2024, 2025], 2026, 2025],
  ["abc", [2024], 2026, 2024],
  [undefined, [], 2026, null],
])("pickYear(%s, %j, %i) = %s", (req, years, current, expected) => {
  expect(pickYear(req, years, current)).toBe(expected);
});
