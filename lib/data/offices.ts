import "server-only";
import { getDb } from "@/db";
import { OFFICES_SETTINGS_KEY, officesSchema, readOfficesValue, type OfficesInput } from "@/lib/validation/offices";
import { requireViewer, requireViewerAny } from "./guard";
import { readSetting, writeSetting } from "./settings";

/** The offices 牵头处室 is picked from: for whoever edits plans (and the administrator's form). */
export async function listOffices(): Promise<string[]> {
  await requireViewerAny(["plan.write", "settings.manage"]);
  return readOfficesValue(await readSetting(await getDb(), OFFICES_SETTINGS_KEY));
}

/** The system administrator sets the list (audited as a settings change, before and after). */
export async function updateOffices(input: OfficesInput): Promise<string[]> {
  const viewer = await requireViewer("settings.manage");
  const { offices } = officesSchema.parse(input);
  const db = await getDb();
  await db.transaction((tx) => writeSetting(tx, OFFICES_SETTINGS_KEY, { offices }, viewer));
  return offices;
}
