import { expect, it } from "vitest";
import { compareOutline } from "./outline";

it("orders outline numbers part by part", () => {
  expect(["2.10", "1", "2.9", "2", "10", "2.1"].sort(compareOutline)).toEqual(["1", "2", "2.1", "2.9", "2.10", "10"]);
});
