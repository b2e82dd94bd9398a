"use server";

import { revalidatePath } from "next/cache";
import { createRegion, renameRegion, setRegionActive } from "@/lib/data/admin-regions";
import { createMissingBureauAccounts, createUser, resetUserPassword, setUserActive, unlockUser, updateUser, type CreatedAccount } from "@/lib/data/users";
import type { RegionCreateInput, UserCreateInput, UserUpdateInput } from "@/lib/validation/user";
import { failure, type ActionResult } from "./result";

export async function createUserAction(input: UserCreateInput): Promise<ActionResult<{ id: number; username: string; oneTimePassword: string }>> {
  try {
    const res = await createUser(input);
    revalidatePath("/admin/users");
    return { ok: true, ...res };
  } catch (err) {
    return failure(err);
  }
}

export async function updateUserAction(input: UserUpdateInput): Promise<ActionResult> {
  try {
    await updateUser(input);
    revalidatePath("/admin/users");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}

export async function setUserActiveAction(input: { id: number; active: boolean }): Promise<ActionResult> {
  try {
    await setUserActive(input);
    revalidatePath("/admin/users");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}

export async function unlockUserAction(input: { id: number }): Promise<ActionResult> {
  try {
    await unlockUser(input);
    revalidatePath("/admin/users");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}

export async function resetPasswordAction(input: { id: number }): Promise<ActionResult<{ username: string; oneTimePassword: string }>> {
  try {
    const res = await resetUserPassword(input);
    revalidatePath("/admin/users");
    return { ok: true, ...res };
  } catch (err) {
    return failure(err);
  }
}

export async function createBureauAccountsAction(): Promise<ActionResult<{ created: CreatedAccount[] }>> {
  try {
    const created = await createMissingBureauAccounts();
    revalidatePath("/admin/users");
    return { ok: true, created };
  } catch (err) {
    return failure(err);
  }
}

export async function createRegionAction(input: RegionCreateInput): Promise<ActionResult<{ code: string }>> {
  try {
    const res = await createRegion(input);
    revalidatePath("/admin/regions");
    return { ok: true, ...res };
  } catch (err) {
    return failure(err);
  }
}

export async function renameRegionAction(input: { code: string; nameZh: string; nameEn?: string }): Promise<ActionResult> {
  try {
    await renameRegion(input);
    revalidatePath("/admin/regions");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}

export async function setRegionActiveAction(input: { code: string; active: boolean }): Promise<ActionResult> {
  try {
    await setRegionActive(input);
    revalidatePath("/admin/regions");
    return { ok: true };
  } catch (err) {
    return failure(err);
  }
}
