"use server";

import { z } from "zod";
import { reopenPeriod, sendReminder } from "@/lib/data/period-work";
import { approveReport, approveReports, returnReport } from "@/lib/data/review";
import { reminderSchema, reopenSchema, reviewSchema } from "@/lib/validation/review";
import type { ActionResult } from "./result";
import { runAction, type Revalidate } from "./run";

const decided: Revalidate[] = ["/review", "/dashboard"];
const approveManySchema = z.array(reviewSchema);

/** The decision the action stands for, added to what the form sent (the shared schema checks them together). */
const withDecision = (decision: "approve" | "return", input: unknown) => ({ ...(typeof input === "object" ? input : {}), decision });

/** Approves with the reviewer's opinion, when one was typed (it is kept in the report's history). */
export async function approveAction(input: { reportId: number; version: number; comment?: string }): Promise<ActionResult> {
  return runAction(reviewSchema, withDecision("approve", input), async () => (await approveReport(input), {}), decided);
}

export async function returnAction(input: { reportId: number; version: number; comment: string }): Promise<ActionResult> {
  return runAction(reviewSchema, withDecision("return", input), async () => (await returnReport(input), {}), decided);
}

export async function approveManyAction(items: { reportId: number; version: number }[]): Promise<ActionResult<{ approved: number }>> {
  const checked = Array.isArray(items) ? items.map((i: unknown) => withDecision("approve", i)) : items;
  return runAction(approveManySchema, checked, () => approveReports(items), decided);
}

export async function remindAction(input: { regionCode: string; assignmentId?: number; message?: string; confirm?: boolean }): Promise<ActionResult<{ notified: number; assignments: number; alreadyToday?: boolean }>> {
  return runAction(reminderSchema, input, () => sendReminder(input), ["/review/missing"]);
}

export async function reopenAction(input: { planId: number; regionCode: string; period: string; days?: number }): Promise<ActionResult<{ openUntil: string }>> {
  return runAction(reopenSchema, input, () => reopenPeriod(input), ["/review/missing"]);
}
