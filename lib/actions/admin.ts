"use server";

import { createRegion, renameRegion, setRegionActive } from "@/lib/data/admin-regions";
import { createMissingBureauAccounts, createUser, resetUserPassword, setUserActive, unlockUser, updateUser, type CreatedAccount } from "@/lib/data/users";
import {
  regionActiveSchema,
  regionCreateSchema,
  regionRenameSchema,
  userActiveSchema,
  userCreateSchema,
  userIdSchema,
  userUpdateSchema,
  type RegionCreateInput,
  type UserCreateInput,
  type UserUpdateInput,
} from "@/lib/validation/user";
import type { ActionResult } from "./result";
import { runAction } from "./run";

/** Users and regions: each runs through runAction with the schema its data layer function parses with. */

export async function createUserAction(input: UserCreateInput): Promise<ActionResult<{ id: number; username: string; oneTimePassword: string }>> {
  return runAction(userCreateSchema, input, (d) => createUser(d as UserCreateInput), ["/admin/users"]);
}

export async function updateUserAction(input: UserUpdateInput): Promise<ActionResult> {
  return runAction(userUpdateSchema, input, async (d) => (await updateUser(d as UserUpdateInput), {}), ["/admin/users"]);
}

export async function setUserActiveAction(input: { id: number; active: boolean }): Promise<ActionResult> {
  return runAction(userActiveSchema, input, async (d) => (await setUserActive(d as { id: number; active: boolean }), {}), ["/admin/users"]);
}

export async function unlockUserAction(input: { id: number }): Promise<ActionResult> {
  return runAction(userIdSchema, input, async (d) => (await unlockUser(d as { id: number }), {}), ["/admin/users"]);
}

export async function resetPasswordAction(input: { id: number }): Promise<ActionResult<{ username: string; oneTimePassword: string }>> {
  return runAction(userIdSchema, input, (d) => resetUserPassword(d as { id: number }), ["/admin/users"]);
}

export async function createBureauAccountsAction(): Promise<ActionResult<{ created: CreatedAccount[] }>> {
  return runAction(null, undefined, async () => ({ created: await createMissingBureauAccounts() }), ["/admin/users"]);
}

export async function createRegionAction(input: RegionCreateInput): Promise<ActionResult<{ code: string }>> {
  return runAction(regionCreateSchema, input, (d) => createRegion(d as RegionCreateInput), ["/admin/regions"]);
}

export async function renameRegionAction(input: { code: string; nameZh: string; nameEn?: string }): Promise<ActionResult> {
  return runAction(regionRenameSchema, input, async (d) => (await renameRegion(d as { code: string; nameZh: string; nameEn?: string }), {}), ["/admin/regions"]);
}

export async function setRegionActiveAction(input: { code: string; active: boolean }): Promise<ActionResult> {
  return runAction(regionActiveSchema, input, async (d) => (await setRegionActive(d as { code: string; active: boolean }), {}), ["/admin/regions"]);
}
