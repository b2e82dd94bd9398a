"use server";

import { revalidatePath } from "next/cache";
import { reopenPeriod, sendReminder } from "@/lib/data/period-work";
import { approveReport, approveReports, returnReport } from "@/lib/data/review";
import { failure, type ActionResult } from "./result";

function refresh() {
  revalidatePath("/review");
  revalidatePath("/dashboard");
}

/** Approves with the reviewer's opinion, when one was typed (it is kept in the report's history). */
export async function approveAction(input: { reportId: number; version: number; comment?: string }): Promise<ActionResult> {
  try {
    await approveReport(input);
    refresh();
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}

export async function returnAction(input: { reportId: number; version: number; comment: string }): Promise<ActionResult> {
  try {
    await returnReport(input);
    refresh();
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}

export async function approveManyAction(items: { reportId: number; version: number }[]): Promise<ActionResult<{ approved: number }>> {
  try {
    const res = await approveReports(items);
    refresh();
    return { ok: true, ...res };
  } catch (err) {
    return failure(err);
  }
}

export async function remindAction(input: { regionCode: string; assignmentId?: number; message?: string; confirm?: boolean }): Promise<ActionResult<{ notified: number; assignments: number; alreadyToday?: boolean }>> {
  try {
    const res = await sendReminder(input);
    revalidatePath("/review/missing");
    return { ok: true, ...res };
  } catch (err) {
    return failure(err);
  }
}

export async function reopenAction(input: { planId: number; regionCode: string; period: string; days?: number }): Promise<ActionResult<{ openUntil: string }>> {
  try {
    const res = await reopenPeriod(input);
    revalidatePath("/review/missing");
    return { ok: true, ...res };
  } catch (err) {
    return failure(err);
  }
}
