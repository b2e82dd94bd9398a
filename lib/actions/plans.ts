"use server";

import { setAssignments, updateAssignment } from "@/lib/data/plan-assignments";
import { createIndicator, deleteIndicator, updateIndicator } from "@/lib/data/plan-indicators";
import { createTask, deleteTask, moveTask, updateTask } from "@/lib/data/plan-tasks";
import { copyPlan, createPlan, setPlanState, updatePlan } from "@/lib/data/plans";
import {
  assignmentMatrixSchema,
  assignmentUpdateSchema,
  copyPlanSchema,
  indicatorCreateSchema,
  indicatorDeleteSchema,
  indicatorUpdateSchema,
  planSchema,
  planStateSchema,
  planUpdateSchema,
  taskCreateSchema,
  taskDeleteSchema,
  taskMoveSchema,
  taskUpdateSchema,
} from "@/lib/validation/plan";
import type { ActionResult } from "./result";
import { runAction, type Revalidate } from "./run";

/**
 * The plan editor's actions, each through runAction with the schema its data layer function
 * parses with: each is a public POST endpoint, so the data layer checks the viewer and parses the
 * input again. Every plan page (list, editor, tasks, matrix) shows what changed.
 */
const plans: readonly Revalidate[] = [["/plans", "layout"]];

export async function createPlanAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  return runAction(planSchema, input, (i) => createPlan(i), plans);
}

export async function updatePlanAction(input: unknown): Promise<ActionResult> {
  return runAction(planUpdateSchema, input, async (i) => (await updatePlan(i), {}), plans);
}

export async function setPlanStateAction(input: unknown): Promise<ActionResult<{ state: string }>> {
  return runAction(planStateSchema, input, (i) => setPlanState(i), plans);
}

export async function copyPlanAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  return runAction(copyPlanSchema, input, async (i) => ({ id: (await copyPlan(i)).id }), plans);
}

export async function createTaskAction(input: unknown): Promise<ActionResult<{ id: number; number: string }>> {
  return runAction(taskCreateSchema, input, (i) => createTask(i), plans);
}

export async function updateTaskAction(input: unknown): Promise<ActionResult> {
  return runAction(taskUpdateSchema, input, async (i) => (await updateTask(i), {}), plans);
}

export async function moveTaskAction(input: unknown): Promise<ActionResult<{ number: string }>> {
  return runAction(taskMoveSchema, input, (i) => moveTask(i), plans);
}

export async function deleteTaskAction(input: unknown): Promise<ActionResult<{ result: "deleted" | "archived"; count: number }>> {
  return runAction(taskDeleteSchema, input, (i) => deleteTask(i), plans);
}

export async function createIndicatorAction(input: unknown): Promise<ActionResult<{ id: number }>> {
  return runAction(indicatorCreateSchema, input, (i) => createIndicator(i), plans);
}

export async function updateIndicatorAction(input: unknown): Promise<ActionResult> {
  return runAction(indicatorUpdateSchema, input, async (i) => (await updateIndicator(i), {}), plans);
}

export async function deleteIndicatorAction(input: unknown): Promise<ActionResult> {
  return runAction(indicatorDeleteSchema, input, async (i) => (await deleteIndicator(i), {}), plans);
}

export async function setAssignmentsAction(input: unknown): Promise<ActionResult<{ added: number; removed: number }>> {
  return runAction(assignmentMatrixSchema, input, (i) => setAssignments(i), plans);
}

export async function updateAssignmentAction(input: unknown): Promise<ActionResult> {
  return runAction(assignmentUpdateSchema, input, async (i) => (await updateAssignment(i), {}), plans);
}
