"use server";

import { revalidatePath } from "next/cache";
import { setAssignments, updateAssignment } from "@/lib/data/plan-assignments";
import { createIndicator, deleteIndicator, updateIndicator } from "@/lib/data/plan-indicators";
import { createTask, deleteTask, moveTask, updateTask } from "@/lib/data/plan-tasks";
import { copyPlan, createPlan, setPlanState, updatePlan } from "@/lib/data/plans";
import { failure, type ActionResult } from "./result";

/** The plan editor's actions: each is a public POST endpoint, so the data layer checks the viewer and parses the input again. */

function refresh() {
  revalidatePath("/plans", "layout");
}

async function run<T extends object>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    const res = await work();
    refresh();
    return { ok: true, ...res };
  } catch (err) {
    return failure(err);
  }
}

export async function createPlanAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  return run(() => createPlan(input));
}

export async function updatePlanAction(input: unknown): Promise<ActionResult> {
  return run(async () => (await updatePlan(input), {}));
}

export async function setPlanStateAction(input: unknown): Promise<ActionResult<{ state: string }>> {
  return run(() => setPlanState(input));
}

export async function copyPlanAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  return run(async () => ({ id: (await copyPlan(input)).id }));
}

export async function createTaskAction(input: unknown): Promise<ActionResult<{ id: number; number: string }>> {
  return run(() => createTask(input));
}

export async function updateTaskAction(input: unknown): Promise<ActionResult> {
  return run(async () => (await updateTask(input), {}));
}

export async function moveTaskAction(input: unknown): Promise<ActionResult<{ number: string }>> {
  return run(() => moveTask(input));
}

export async function deleteTaskAction(input: unknown): Promise<ActionResult<{ result: "deleted" | "archived"; count: number }>> {
  return run(() => deleteTask(input));
}

export async function createIndicatorAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  return run(() => createIndicator(input));
}

export async function updateIndicatorAction(input: unknown): Promise<ActionResult> {
  return run(async () => (await updateIndicator(input), {}));
}

export async function deleteIndicatorAction(input: unknown): Promise<ActionResult> {
  return run(async () => (await deleteIndicator(input), {}));
}

export async function setAssignmentsAction(input: unknown): Promise<ActionResult<{ added: number; removed: number }>> {
  return run(() => setAssignments(input));
}

export async function updateAssignmentAction(input: unknown): Promise<ActionResult> {
  return run(async () => (await updateAssignment(input), {}));
}
