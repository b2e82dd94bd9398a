import "server-only";
import { getDb, type Executor } from "@/db";
import { BULLETIN_SETTINGS_KEY, bulletinSettingsSchema, readBulletinSettingsValue, type BulletinSettings, type BulletinSettingsInput } from "@/lib/validation/bulletin";
import { requireViewer } from "./guard";
import { readSetting, writeSetting } from "./settings";

/** The bulletin's header as every bulletin prints it (its readers are checked by the bulletin). */
export async function readBulletinSettings(tx?: Executor): Promise<BulletinSettings> {
  return readBulletinSettingsValue(await readSetting(tx ?? (await getDb()), BULLETIN_SETTINGS_KEY));
}

/** The system administrator's form. */
export async function getBulletinSettings(): Promise<BulletinSettings> {
  await requireViewer("settings.manage");
  return readBulletinSettings();
}

export async function updateBulletinSettings(input: BulletinSettingsInput): Promise<BulletinSettings> {
  const viewer = await requireViewer("settings.manage");
  const value = bulletinSettingsSchema.parse(input);
  const db = await getDb();
  await db.transaction((tx) => writeSetting(tx, BULLETIN_SETTINGS_KEY, value, viewer));
  return value;
}
