import { describe, expect, it } from "vitest";
import { changesSinceReturn, contentChanges, contentHistory, type VersionSnapshot } from "./diff";

type V = VersionSnapshot & { action: string };
const base: V = { version: 1, action: "save", state: "draft", progress: 40, status: "on_track", workDone: "a", problems: "", nextSteps: "n", dropReason: "", reviewComment: null, indicatorValues: [{ indicatorId: 7, value: 90 }] };
const at = (version: number, action: string, extra: Partial<V> = {}): V => ({ ...base, version, action, ...extra });

describe("contentChanges: only what the bureau writes", () => {
  it("ignores a state change and the reviewer's comment", () => {
    expect(contentChanges(base, at(2, "return", { state: "returned", reviewComment: "补充" }))).toEqual([]);
  });
  it("sees text, progress, the drop reason and indicator values", () => {
    expect(contentChanges(base, at(2, "save", { progress: 30, dropReason: "监测口径调整", indicatorValues: [{ indicatorId: 7, value: 88 }] })).map((c) => c.field)).toEqual(["progress", "dropReason", "indicator:7"]);
  });
});

describe("contentHistory: a version per change of content", () => {
  const events = [
    base,
    at(2, "submit", { state: "submitted" }),
    at(3, "return", { state: "returned", reviewComment: "请补充数据" }),
    at(4, "save", { state: "returned", workDone: "a，已补充数据" }),
    at(5, "save", { state: "returned", workDone: "a，已补充数据" }),
    at(6, "submit", { state: "submitted", workDone: "a，已补充数据" }),
    at(7, "approve", { state: "approved", workDone: "a，已补充数据", reviewComment: "同意" }),
  ];
  const history = contentHistory(events);
  it("numbers the contents 1, 2 and hangs the state changes under them", () => {
    expect(history.map((h) => [h.number, h.content.version, h.events.map((e) => e.action)])).toEqual([
      [1, 1, ["submit", "return"]],
      [2, 4, ["save", "submit", "approve"]],
    ]);
  });
  it("one snapshot is one version", () => {
    expect(contentHistory([base])).toEqual([{ number: 1, content: base, events: [] }]);
  });
  it("nothing is nothing", () => {
    expect(contentHistory([])).toEqual([]);
  });
  it("changesSinceReturn: the returned content against the latest", () => {
    const since = changesSinceReturn(events);
    expect(since?.returned.reviewComment).toBe("请补充数据");
    expect(since?.changes).toEqual([{ field: "workDone", before: "a", after: "a，已补充数据" }]);
  });
  it("changesSinceReturn: null when never returned", () => {
    expect(changesSinceReturn(events.slice(0, 2))).toBeNull();
  });
});
